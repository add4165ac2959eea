/**
 * The two clocks a flush can wait on. Injected, so the flush logic runs in tests without a DOM.
 */
export interface Scheduler {
  /** Next animation frame; browsers pause this in background tabs. */
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /** A timer that keeps running in background tabs (throttled, never stopped). */
  setTimer(callback: () => void, ms: number): number;
  clearTimer(handle: number): void;
  /** Milliseconds from an arbitrary origin, for measuring how long work took. */
  now(): number;
}
