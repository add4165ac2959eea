/** The real scheduler: requestAnimationFrame plus setTimeout, from the window. */
import type { Scheduler } from './scheduler';

export const browserScheduler: Scheduler = {
  requestFrame: (callback) => window.requestAnimationFrame(() => callback()),
  cancelFrame: (handle) => window.cancelAnimationFrame(handle),
  setTimer: (callback, ms) => window.setTimeout(callback, ms),
  clearTimer: (handle) => window.clearTimeout(handle),
  now: () => performance.now(),
};
