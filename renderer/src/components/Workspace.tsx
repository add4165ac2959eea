/** The main area: tabs and their table, with the flow view below when a flow is open. */
import { useSession, useUi } from '../app-context';
import { DestinationsTab } from './DestinationsTab';
import { DnsTab } from './DnsTab';
import { EmptyScreen } from './EmptyScreen';
import { FlowsTab } from './FlowsTab';
import { FlowView } from './FlowView';
import { LeaksTab } from './LeaksTab';
import { Tabs } from './Tabs';

export function Workspace() {
  const phase = useSession((s) => s.phase);
  const uploading = useSession((s) => s.upload !== null);
  const tab = useUi((s) => s.tab);
  const flowId = useUi((s) => s.flowId);

  if (phase === 'empty' || (uploading && phase !== 'loading')) {
    return (
      <main className="workspace">
        <EmptyScreen />
      </main>
    );
  }
  return (
    <main className={flowId === null ? 'workspace' : 'workspace with-flow'}>
      <Tabs />
      {tab === 'leaks' && <LeaksTab />}
      {tab === 'destinations' && <DestinationsTab />}
      {tab === 'flows' && <FlowsTab />}
      {tab === 'dns' && <DnsTab />}
      {flowId !== null && <FlowView key={flowId} flowId={flowId} />}
    </main>
  );
}
