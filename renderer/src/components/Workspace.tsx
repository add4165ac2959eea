/**
 * The main area: the tab strip, the leak feed (with the evidence beside it) or another tab, and
 * the flow view below when a whole flow is open. The capture screen replaces it while the
 * reporter sets up a live capture.
 */
import { useSession, useUi } from '../app-context';
import { DestinationsTab } from './DestinationsTab';
import { DnsTab } from './DnsTab';
import { EmptyScreen } from './EmptyScreen';
import { EvidenceView } from './EvidenceView';
import { FlowsTab } from './FlowsTab';
import { FlowView } from './FlowView';
import { IdentifiersTab } from './IdentifiersTab';
import { LeakFeed } from './LeakFeed';
import { Tabs } from './Tabs';
import { TimelineTab } from './TimelineTab';

export function Workspace() {
  const phase = useSession((s) => s.phase);
  const uploading = useSession((s) => s.upload !== null);
  const live = useSession((s) => s.live.state);
  const tab = useUi((s) => s.tab);
  const flowId = useUi((s) => s.flowId);
  const evidenceOpen = useUi((s) => s.evidenceOpen);
  const selectedLeakId = useUi((s) => s.selectedLeakId);

  if ((phase === 'empty' && live === 'idle') || (uploading && phase !== 'loading')) {
    return (
      <main className="workspace">
        <EmptyScreen />
      </main>
    );
  }
  const evidence = tab === 'leaks' && evidenceOpen && selectedLeakId !== null;
  return (
    <main className={flowId === null ? 'workspace' : 'workspace with-flow'}>
      <Tabs />
      {tab === 'leaks' && (
        <div className={evidence ? 'leaks-split with-evidence' : 'leaks-split'}>
          <LeakFeed />
          {evidence && <EvidenceView key={selectedLeakId} leakId={selectedLeakId} />}
        </div>
      )}
      {tab === 'destinations' && <DestinationsTab />}
      {tab === 'flows' && <FlowsTab />}
      {tab === 'dns' && <DnsTab />}
      {tab === 'timeline' && <TimelineTab />}
      {tab === 'identifiers' && <IdentifiersTab />}
      {flowId !== null && <FlowView key={flowId} flowId={flowId} />}
    </main>
  );
}
