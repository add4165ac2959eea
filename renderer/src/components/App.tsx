/**
 * The whole window: header, progress, errors, the identifiers panel on the left and the
 * workspace on the right. Owns the one hidden file input every "Open…" button uses.
 */
import { useCallback, useEffect, useRef } from 'react';
import { PickFileContext, useActions, useSession, useUi } from '../app-context';
import { DropZone } from './DropZone';
import { ErrorBanner } from './ErrorBanner';
import { Header } from './Header';
import { IdentifiersPanel } from './IdentifiersPanel';
import { ProgressPanel } from './ProgressPanel';
import { Workspace } from './Workspace';

export function App() {
  const inputRef = useRef<HTMLInputElement>(null);
  const pickFile = useCallback(() => inputRef.current?.click(), []);
  const { openFile } = useActions();
  const loaded = useSession((s) => s.loaded);
  const generation = useSession((s) => s.generation);
  const clearSelection = useUi((s) => s.clearSelection);

  // A new session has new flow and leak ids: drop the old selection.
  useEffect(() => clearSelection(), [generation, clearSelection]);

  return (
    <PickFileContext.Provider value={pickFile}>
      <div className="app" data-testid="app" data-ready={loaded}>
        <Header />
        <ProgressPanel />
        <ErrorBanner />
        <div className="body">
          <IdentifiersPanel />
          <Workspace />
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
      </div>
    </PickFileContext.Provider>
  );
}
