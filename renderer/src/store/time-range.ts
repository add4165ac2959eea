/**
 * The time range the user brushed on the timeline. Destinations, Flows and DNS show only what
 * happened inside it; null means the whole capture. Times are seconds since the epoch, like
 * every `ts` in the engine's records. A range belongs to one session: `forgetFor` drops it
 * when a new session (another capture, a re-analysis) begins.
 */
import { create } from 'zustand';

export interface TimeRange {
  from: number;
  to: number;
}

export interface TimeRangeState {
  range: TimeRange | null;
  setRange: (range: TimeRange | null) => void;
  /** The session generation the range was set in. */
  generation: number | null;
  /** Drops the range when `generation` is not the one it was set in. */
  forgetFor: (generation: number) => void;
}

export const useTimeRange = create<TimeRangeState>((set, get) => ({
  range: null,
  generation: null,
  setRange: (range) => set({ range }),
  forgetFor: (generation) => {
    const s = get();
    if (s.generation === generation) return;
    set({ generation, range: s.generation === null ? s.range : null });
  },
}));
