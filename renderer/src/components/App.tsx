/**
 * The whole window: session header, live-capture strip, progress, errors, the identifiers panel
 * on the left and the workspace (or the capture screen) on the right; the presentation view
 * replaces all of it. Owns the one hidden file input every "Open…" button uses, the keyboard
 * shortcuts and the theme.
 */
import { useCallback, useEffect, useRef } from 'react';
import { PickFileContext, useActions, useSession, useUi } from '../app-context';
import { applyTheme, browserStorage, saveTheme } from '../lib/theme';
import { useTimeRange } from '../store/time-range';
import { CaptureScreen } from './CaptureScreen';
import { DropZone } from './DropZone';
import { ErrorBanner } from './ErrorBanner';
import { Header } from './Header';
import { HelpOverlay } from './HelpOverlay';
import { IdentifiersPanel } from './IdentifiersPanel';
import { LiveBar } from './LiveBar';
import { Presentation } from './Presentation';
import { ProgressPanel } from './ProgressPanel';
import { useShortcuts } from './useShortcuts';
import { Workspace } from './Workspace';

export function App() {
  const inputRef = useRef<HTMLInputElement>(null);
  const pickFile = useCallback(() => inputRef.current?.click(), []);
  const { openFile } = useActions();
  const loaded = useSession((s) => s.loaded);
  const generation = useSession((s) => s.generation);
  const clearSelection = useUi((s) => s.clearSelection);
  const presentation = useUi((s) => s.presentation);
  const setPresentation = useUi((s) => s.setPresentation);
  const screen = useUi((s) => s.screen);
  const theme = useUi((s) => s.theme);
  const leavePresentation = useCallback(() => setPresentation(false), [setPresentation]);

  // A new session has new flow and leak ids and times: drop the old selection and time range.
  useEffect(() => {
    clearSelection();
    useTimeRange.getState().setRange(null);
  }, [generation, clearSelection]);

  useEffect(() => {
    applyTheme(document.documentElement, theme);
    saveTheme(browserStorage(), theme);
  }, [theme]);

  return (
    <PickFileContext.Provider value={pickFile}>
      <Shortcuts />
      {presentation ? (
        <Presentation onLeave={leavePresentation} />
      ) : (
        <div className="app" data-testid="app" data-ready={loaded}>
          <Header />
          <LiveBar />
          <ProgressPanel />
          <ErrorBanner />
          <div className="body">
            <IdentifiersPanel />
            {screen === 'capture' ? <CaptureScreen /> : <Workspace />}
          </div>
          <input
            ref={inputRef}
            type="file"
            accept=".pcap,.pcapng,.cap,.dmp,application/vnd.tcpdump.pcap"
            hidden
            data-testid="open-file-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void openFile(file);
            }}
          />
          <DropZone />
          <HelpOverlay />
        </div>
      )}
    </PickFileContext.Provider>
  );
}

/** Inside the file-picker context, so the "o" shortcut can open the chooser. */
function Shortcuts() {
  useShortcuts();
  return null;
}
