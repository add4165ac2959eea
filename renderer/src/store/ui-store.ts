/**
 * View state that is not part of the session: which tab or screen is open, what is selected,
 * filters, the reveal toggles, and the choices made on the capture screen. Kept apart from the session store so a flush of engine records never
 * touches it, and it never touches the records.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Direction, LeakRecord } from '../../../shared/events';
import type { ThemeChoice } from '../lib/theme';

export type TabId = 'leaks' | 'destinations' | 'flows' | 'dns' | 'timeline' | 'identifiers';
export const TABS: readonly TabId[] = ['leaks', 'destinations', 'flows', 'dns', 'timeline', 'identifiers'];

/** The leak feed's order: newest first, or grouped by destination. */
export type FeedOrder = 'newest' | 'destination';

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
  /** Leaks whose card the user revealed one by one (leakIds). */
  revealed: ReadonlySet<number>;
  flowFilter: string;
  dnsFilter: string;
  flowViewMode: 'text' | 'hex';
  feedOrder: FeedOrder;
  feedSearch: string;
  /** The evidence view shows the selected leak. */
  evidenceOpen: boolean;
  evidenceMode: 'message' | 'hex';
  /** Full-screen presentation view (identifiers always masked). */
  presentation: boolean;
  helpOpen: boolean;
  /** The capture screen (hotspot, interface, device) instead of the workspace. */
  screen: 'workspace' | 'capture';
  captureInterface: string | null;
  /** The phone picked on the capture screen; null captures every device on the interface. */
  captureDevice: string | null;
  theme: ThemeChoice;

  setTab: (tab: TabId) => void;
  openLeak: (leak: LeakRecord) => void;
  openFlow: (flowId: number) => void;
  closeFlow: () => void;
  toggleReveal: () => void;
  toggleRevealLeak: (leakId: number) => void;
  /** Selects a leak and shows its evidence. */
  openEvidence: (leak: LeakRecord) => void;
  /** Selects a leak (keyboard navigation); the evidence view, when open, follows. */
  selectLeak: (leakId: number) => void;
  closeEvidence: () => void;
  setEvidenceMode: (mode: 'message' | 'hex') => void;
  setFeedOrder: (order: FeedOrder) => void;
  setFeedSearch: (search: string) => void;
  setPresentation: (on: boolean) => void;
  setHelpOpen: (open: boolean) => void;
  setScreen: (screen: 'workspace' | 'capture') => void;
  setCaptureInterface: (name: string | null) => void;
  setCaptureDevice: (mac: string | null) => void;
  setTheme: (theme: ThemeChoice) => void;
  setFlowFilter: (filter: string) => void;
  setDnsFilter: (filter: string) => void;
  setFlowViewMode: (mode: 'text' | 'hex') => void;
  /** Forget selections that belonged to the previous session. */
  clearSelection: () => void;
}

export function createUiStore(initial: { theme?: ThemeChoice } = {}): StoreApi<UiState> {
  return createStore<UiState>((set) => ({
    tab: 'leaks',
    selectedLeakId: null,
    flowId: null,
    focus: null,
    reveal: false,
    revealed: new Set(),
    flowFilter: '',
    dnsFilter: '',
    flowViewMode: 'text',
    feedOrder: 'newest',
    feedSearch: '',
    evidenceOpen: false,
    evidenceMode: 'message',
    presentation: false,
    helpOpen: false,
    screen: 'workspace',
    captureInterface: null,
    captureDevice: null,
    theme: initial.theme ?? 'system',

    setTab: (tab) => set({ tab }),
    openLeak: (leak) =>
      set({
        selectedLeakId: leak.leakId,
        flowId: leak.flowId,
        focus: { direction: leak.direction, offset: leak.offset, length: leak.length, frame: leak.frame },
      }),
    openFlow: (flowId) => set({ flowId, focus: null, selectedLeakId: null, evidenceOpen: false }),
    closeFlow: () =>
      set((s) => ({ flowId: null, focus: null, selectedLeakId: s.evidenceOpen ? s.selectedLeakId : null })),
    toggleReveal: () => set((s) => ({ reveal: !s.reveal })),
    toggleRevealLeak: (leakId) =>
      set((s) => {
        const revealed = new Set(s.revealed);
        if (!revealed.delete(leakId)) revealed.add(leakId);
        return { revealed };
      }),
    openEvidence: (leak) =>
      set({ selectedLeakId: leak.leakId, evidenceOpen: true, flowId: null, focus: null }),
    selectLeak: (selectedLeakId) => set({ selectedLeakId }),
    closeEvidence: () => set({ evidenceOpen: false }),
    setEvidenceMode: (evidenceMode) => set({ evidenceMode }),
    setFeedOrder: (feedOrder) => set({ feedOrder }),
    setFeedSearch: (feedSearch) => set({ feedSearch }),
    setPresentation: (presentation) => set({ presentation, helpOpen: false }),
    setHelpOpen: (helpOpen) => set({ helpOpen }),
    setScreen: (screen) => set({ screen }),
    setCaptureInterface: (captureInterface) => set({ captureInterface }),
    setCaptureDevice: (captureDevice) => set({ captureDevice }),
    setTheme: (theme) => set({ theme }),
    setFlowFilter: (flowFilter) => set({ flowFilter }),
    setDnsFilter: (dnsFilter) => set({ dnsFilter }),
    setFlowViewMode: (flowViewMode) => set({ flowViewMode }),
    clearSelection: () =>
      set({ flowId: null, focus: null, selectedLeakId: null, evidenceOpen: false, revealed: new Set() }),
  }));
}
