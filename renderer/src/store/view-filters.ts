/**
 * Filters and sort orders of the Destinations, Flows and DNS views (the free-text filters of
 * Flows and DNS live in the UI store, where other screens set them too). Kept for the app's
 * lifetime, so switching tabs does not lose them.
 */
import { create } from 'zustand';
import { NO_DESTINATION_FILTER, type DestinationFilter } from '../lib/destination-filter';
import { nextSort, type SortDirection, type SortState } from '../lib/table-sort';

export interface FlowExtraFilter {
  protocol: string;
  host: string;
  leaksOnly: boolean;
}

export interface DnsExtraFilter {
  protocol: string;
  host: string;
  leaksOnly: boolean;
}

export type ViewId = 'destinations' | 'flows' | 'dns';

export interface ViewFiltersState {
  destinations: DestinationFilter;
  flows: FlowExtraFilter;
  dns: DnsExtraFilter;
  sort: Record<ViewId, SortState | null>;
  setDestinationFilter: (patch: Partial<DestinationFilter>) => void;
  setFlowFilter: (patch: Partial<FlowExtraFilter>) => void;
  setDnsFilter: (patch: Partial<DnsExtraFilter>) => void;
  /** A click on a column header (see nextSort). */
  toggleSort: (view: ViewId, column: string, preferred: SortDirection) => void;
}

const NO_EXTRA = { protocol: '', host: '', leaksOnly: false };

export const useViewFilters = create<ViewFiltersState>((set) => ({
  destinations: NO_DESTINATION_FILTER,
  flows: NO_EXTRA,
  dns: NO_EXTRA,
  sort: { destinations: null, flows: null, dns: null },
  setDestinationFilter: (patch) => set((s) => ({ destinations: { ...s.destinations, ...patch } })),
  setFlowFilter: (patch) => set((s) => ({ flows: { ...s.flows, ...patch } })),
  setDnsFilter: (patch) => set((s) => ({ dns: { ...s.dns, ...patch } })),
  toggleSort: (view, column, preferred) =>
    set((s) => ({ sort: { ...s.sort, [view]: nextSort(s.sort[view], column, preferred) } })),
}));
