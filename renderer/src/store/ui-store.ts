/**
 * View state that is not part of the session: which tab is open, what is selected, filters and
 * the reveal toggle. Kept apart from the session store so a flush of engine records never
 * touches it, and it never touches the records.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Direction, LeakRecord } from '../../../shared/events';

export type TabId = 'leaks' | 'destinations' | 'flows' | 'dns';
export const TABS: readonly TabId[] = ['leaks', 'destinations', 'flows', 'dns'];

/** A byte range the flow view scrolls to and marks as current. */
export interface FlowFocus {
  direction: Direction;
  offset: number;
  length: number;
  /** The frame that completed the match, for leaks no highlight marks. */
  frame: number;
}

export interface UiState {
  tab: TabId;
  selectedLeakId: number | null;
  /** The flow shown in the flow view; null when the view is closed. */
  flowId: number | null;
  focus: FlowFocus | null;
  /** Show identifier values in full instead of masked. */
  reveal: boolean;
  flowFilter: string;
  dnsFilter: string;
  flowViewMode: 'text' | 'hex';

  setTab: (tab: TabId) => void;
  openLeak: (leak: LeakRecord) => void;
  openFlow: (flowId: number) => void;
  closeFlow: () => void;
  toggleReveal: () => void;
  setFlowFilter: (filter: string) => void;
  setDnsFilter: (filter: string) => void;
  setFlowViewMode: (mode: 'text' | 'hex') => void;
  /** Forget selections that belonged to the previous session. */
  clearSelection: () => void;
}

export function createUiStore(): StoreApi<UiState> {
  return createStore<UiState>((set) => ({
    tab: 'leaks',
    selectedLeakId: null,
    flowId: null,
    focus: null,
    reveal: false,
    flowFilter: '',
    dnsFilter: '',
    flowViewMode: 'text',

    setTab: (tab) => set({ tab }),
    openLeak: (leak) =>
      set({
        selectedLeakId: leak.leakId,
        flowId: leak.flowId,
        focus: { direction: leak.direction, offset: leak.offset, length: leak.length, frame: leak.frame },
      }),
    openFlow: (flowId) => set({ flowId, focus: null, selectedLeakId: null }),
    closeFlow: () => set({ flowId: null, focus: null, selectedLeakId: null }),
    toggleReveal: () => set((s) => ({ reveal: !s.reveal })),
    setFlowFilter: (flowFilter) => set({ flowFilter }),
    setDnsFilter: (dnsFilter) => set({ dnsFilter }),
    setFlowViewMode: (flowViewMode) => set({ flowViewMode }),
    clearSelection: () => set({ flowId: null, focus: null, selectedLeakId: null }),
  }));
}
