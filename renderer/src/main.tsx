/**
 * Renderer entry: connect the bridge (Electron preload or WebSocket), build the stores on it,
 * render the App.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppContext, type AppServices } from './app-context';
import { connectBridge } from './bridge';
import { App } from './components/App';
import { ConnectError } from './components/ConnectError';
import { browserScheduler } from './store/browser-scheduler';
import { createSessionStore } from './store/session-store';
import { createUiStore } from './store/ui-store';
import { applyTheme, browserStorage, readTheme } from './lib/theme';
import './styles/theme.css';
import './styles/layout.css';
import './styles/table.css';
import './styles/panels.css';
import './styles/flow-view.css';
import './styles/feed.css';
import './styles/evidence.css';
import './styles/capture.css';
import './styles/presentation.css';

// Before the first paint, so a dark-theme user never sees a white flash.
const theme = readTheme(browserStorage());
applyTheme(document.documentElement, theme);

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">.');
const root = createRoot(container);

connectBridge().then(
  (bridge) => {
    const services: AppServices = {
      session: createSessionStore(bridge, browserScheduler),
      ui: createUiStore({ theme }),
      mode: bridge.mode,
    };
    root.render(
      <StrictMode>
        <AppContext.Provider value={services}>
          <App />
        </AppContext.Provider>
      </StrictMode>,
    );
  },
  (error: unknown) =>
    root.render(<ConnectError message={error instanceof Error ? error.message : String(error)} />),
);
