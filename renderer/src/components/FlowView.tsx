/**
 * The bytes of one flow, read back from the capture on demand: both directions interleaved in
 * the order they were captured, as text or hex, with every identifier match highlighted and the
 * selected leak scrolled into view.
 */
import { Segmented } from './Segmented';
import { useMemo } from 'react';
import { useSession, useUi } from '../app-context';
import { decodeChunks, type DecodedChunk } from '../lib/flow-bytes';
import { flowHost } from '../store/destinations';
import { FlowHexView } from './FlowHexView';
import { FlowTextView } from './FlowTextView';
import { useFlowContent } from './useFlowContent';

/** Enough for any request or response worth reading; the services cut the rest. */
const MAX_FLOW_BYTES = 1 << 20;

export function FlowView({ flowId }: { flowId: number }) {
  const flow = useSession((s) => {
    const at = s.flowIndex.get(flowId);
    return at === undefined ? undefined : s.flows[at];
  });
  const names = useSession((s) => s.names);
  const selectedLeakId = useUi((s) => s.selectedLeakId);
  const leak = useSession((s) => {
    const at = selectedLeakId === null ? undefined : s.leakIndex.get(selectedLeakId);
    return at === undefined ? undefined : s.leaks[at];
  });
  const focus = useUi((s) => s.focus);
  const mode = useUi((s) => s.flowViewMode);
  const setMode = useUi((s) => s.setFlowViewMode);
  const close = useUi((s) => s.closeFlow);
  // The flow record is re-emitted as the capture is read; read again when it has grown.
  const loaded = useFlowContent(flowId, MAX_FLOW_BYTES, flow?.packets ?? 0);

  const transport = flow?.transport ?? 'tcp';
  const chunks: DecodedChunk[] = useMemo(
    () => (loaded.state === 'ready' ? decodeChunks(loaded.content, transport) : []),
    [loaded, transport],
  );
  const host = flow ? flowHost(flow, names) : null;

  return (
    <section
      className="flow-view"
      data-testid="flow-view"
      data-flow-id={flowId}
      aria-label={`Flow ${flowId}`}
    >
      <div className="flow-view-head">
        <span className="flow-view-title">
          Flow #{flowId}
          {flow && (
            <>
              <span className="sep">·</span>
              {flow.protocol}
              <span className="sep">·</span>
              <span className="mono">{flow.client}</span>
              <span className="arrow">→</span>
              <span className="mono">{flow.server}</span>
              {host && (
                <>
                  <span className="sep">·</span>
                  <span className="flow-view-host">{host}</span>
                </>
              )}
            </>
          )}
        </span>
        <span className="spacer" />
        <Segmented
          label="View as"
          options={[
            { value: 'text', label: 'Text', testId: 'flow-view-text' },
            { value: 'hex', label: 'Hex', testId: 'flow-view-hex' },
          ]}
          value={mode}
          onChange={setMode}
        />
        <button
          type="button"
          className="icon-button"
          title="Close"
          aria-label="Close the flow view"
          data-testid="flow-view-close"
          onClick={close}
        >
          ×
        </button>
      </div>
      {leak && (
        <div className="flow-view-context" data-testid="flow-view-context" title={leak.context}>
          <span className="muted">
            Match in {leak.where}, frame {leak.frame}:
          </span>{' '}
          <span className="mono">{leak.context}</span>
        </div>
      )}
      <div className="flow-view-body">
        {loaded.state === 'loading' && (
          <div className="flow-view-note">Reading the flow from the capture…</div>
        )}
        {loaded.state === 'error' && (
          <div className="flow-view-note error" data-testid="flow-view-error">
            Could not read this flow: {loaded.message}
          </div>
        )}
        {loaded.state === 'ready' && chunks.length === 0 && (
          <div className="flow-view-note">This flow carried no payload bytes.</div>
        )}
        {loaded.state === 'ready' &&
          chunks.length > 0 &&
          (mode === 'text' ? (
            <FlowTextView chunks={chunks} highlights={loaded.content.highlights} focus={focus} />
          ) : (
            <FlowHexView chunks={chunks} highlights={loaded.content.highlights} focus={focus} />
          ))}
        {loaded.state === 'ready' && loaded.content.truncated && (
          <div className="flow-view-note" data-testid="flow-view-truncated">
            Showing the first {Math.round(MAX_FLOW_BYTES / 1024)} KB of this flow. Open the capture in
            Wireshark for the rest.
          </div>
        )}
      </div>
    </section>
  );
}
