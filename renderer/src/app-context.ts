/**
 * What every component reaches through context: the session store and its commands, the view
 * store, and the file picker. Components never see the bridge itself.
 */
import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { SessionActions, SessionState, SessionStore } from './store/session-store';
import type { UiState } from './store/ui-store';

export interface AppServices {
  session: SessionStore;
  ui: StoreApi<UiState>;
  mode: 'electron' | 'web';
}

export const AppContext = createContext<AppServices | null>(null);

/** Opens the file chooser; provided by the App, which owns the hidden file input. */
export const PickFileContext = createContext<() => void>(() => {});

function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('AppContext is missing: render components inside <AppContext.Provider>.');
  return services;
}

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(useServices().session.store, selector);
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(useServices().ui, selector);
}

export function useActions(): SessionActions {
  return useServices().session.actions;
}

/** The stores themselves, for event handlers that read the latest state without subscribing. */
export function useStores(): { session: StoreApi<SessionState>; ui: StoreApi<UiState> } {
  const services = useServices();
  return { session: services.session.store, ui: services.ui };
}

export function useMode(): 'electron' | 'web' {
  return useServices().mode;
}

export function usePickFile(): () => void {
  return useContext(PickFileContext);
}
