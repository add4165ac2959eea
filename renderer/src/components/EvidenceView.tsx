/**
 * The evidence for one leak: the message that carried it with the matched bytes marked (or a
 * hex dump of it), the facts (what, where, who, when), the frames to find it in Wireshark, and
 * "Copy as text" for a reporter's notes. The bytes are read back from the capture on demand.
 */
import { Segmented } from './Segmented';
import { useMemo, useState } from 'react';
import type { FlowContent } from '../../../shared/api';
import { useSession, useUi } from '../app-context';
import { countryFlag } from '../lib/country';
import { evidenceHighlights, leakInRawStream } from '../lib/evidence-marks';
import { decodeChunks, type DecodedChunk } from '../lib/flow-bytes';
import { formatCount, formatDateTime, formatTime } from '../lib/format';
import { findHttpMessage, streamRun, windowAround, type Span } from '../lib/http-message';
import { parseEncoding } from '../lib/leak-phrase';
import { leakStory } from '../lib/leak-story';
import { maskValue } from '../lib/mask';
import { leakView, type LeakView } from '../store/leak-feed';
import { EvidenceHex } from './EvidenceHex';
import { EvidenceMessage } from './EvidenceMessage';
import { KindBadge } from './KindBadge';
import { useFlowContent } from './useFlowContent';

const MAX_FLOW_BYTES = 1 << 20;
/** Frame numbers listed on screen; "Copy as text" has up to 1,000. */
const MAX_FRAMES_SHOWN = 200;

export function EvidenceView({ leakId }: { leakId: number }) {
  const leak = useSession((s) => {
    const at = s.leakIndex.get(leakId);
    return at === undefined ? undefined : s.leaks[at];
  });
  const flows = useSession((s) => s.flows);
  const flowIndex = useSession((s) => s.flowIndex);
  const names = useSession((s) => s.names);
  const requests = useSession((s) => s.requests);
  const close = useUi((s) => s.closeEvidence);
  if (!leak) {
    return (
      <section className="evidence-view" data-testid="evidence-view">
        <div className="evidence-note">This leak is not in the current session any more.</div>
        <button type="button" onClick={close}>
          Close
        </button>
      </section>
    );
  }
  const view = leakView({ leaks: [], flows, flowIndex, names, requests, suspects: [], structural: [] }, leak);
  return <Evidence key={leak.leakId} view={view} />;
}

function Evidence({ view }: { view: LeakView }) {
  const { leak } = view;
  const flow = useSession((s) => {
    const at = s.flowIndex.get(leak.flowId);
    return at === undefined ? undefined : s.flows[at];
  });
  const identifier = useSession((s) => s.identifiers[leak.identifier]);
  const check = useSession((s) => s.checks[leak.identifier]);
  const captureName = useSession((s) => s.capture?.name ?? null);
  const dnsQuestion = useSession((s) =>
    leak.where === 'dns-query' ? (s.dns.find((d) => d.frame === leak.frame && !d.response) ?? null) : null,
  );
  const reveal = useUi((s) => s.reveal || s.revealed.has(leak.leakId));
  const toggleRevealLeak = useUi((s) => s.toggleRevealLeak);
  const mode = useUi((s) => s.evidenceMode);
  const setMode = useUi((s) => s.setEvidenceMode);
  const close = useUi((s) => s.closeEvidence);
  const openLeak = useUi((s) => s.openLeak);
  const [copyStatus, setCopyStatus] = useState<string | null>(null);
  const [manualCopy, setManualCopy] = useState<string | null>(null);
  const loaded = useFlowContent(leak.flowId, MAX_FLOW_BYTES, flow?.packets ?? 0);

  const value = identifier?.value;
  const story = () => leakStory({ view, value, reveal, captureName });
  const copy = async () => {
    const text = story();
    try {
      await navigator.clipboard.writeText(text);
      setCopyStatus('Copied');
      setManualCopy(null);
    } catch {
      // The clipboard can be refused (no permission, page not focused): offer the text to copy by hand.
      setCopyStatus('Select the text below and copy it');
      setManualCopy(text);
    }
  };

  const needles = useMemo(() => {
    const p = parseEncoding(leak.encoding);
    if (p.codings.length === 0 || p.encoding !== 'plain' || p.form !== null || value === undefined) return [];
    const te = new TextEncoder();
    return [...new Set([check?.canonical, value].filter((v): v is string => !!v))].map((v) => te.encode(v));
  }, [leak.encoding, value, check]);

  return (
    <section
      className="evidence-view"
      data-testid="evidence-view"
      data-leak-id={leak.leakId}
      aria-label="Evidence"
    >
      <div className="evidence-head">
        <span className="evidence-title" data-testid="evidence-title">
          {view.sentence}
        </span>
        <span className="spacer" />
        <Segmented
          label="Show as"
          options={[
            { value: 'message', label: 'Message', testId: 'evidence-mode-message' },
            { value: 'hex', label: 'Hex', testId: 'evidence-mode-hex' },
          ]}
          value={mode}
          onChange={setMode}
        />
        <button
          type="button"
          data-testid="evidence-copy"
          onClick={() => void copy()}
          title="Copy what, where, when and the frames"
        >
          Copy as text
        </button>
        <button
          type="button"
          data-testid="evidence-flow"
          onClick={() => openLeak(leak)}
          title="Show every byte of this connection below"
        >
          Whole flow
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Close the evidence"
          data-testid="evidence-close"
          onClick={close}
        >
          ×
        </button>
      </div>
      {copyStatus && (
        <div className="evidence-copy-status" role="status" data-testid="copy-status">
          {copyStatus}
        </div>
      )}
      {manualCopy && (
        <textarea
          className="evidence-manual-copy mono"
          readOnly
          value={manualCopy}
          data-testid="copy-text"
          rows={8}
        />
      )}
      <dl className="evidence-facts" data-testid="evidence-facts">
        <dt>Identifier</dt>
        <dd>
          <KindBadge kind={leak.kind} /> {leak.label}{' '}
          <span className="mono" data-testid="evidence-value">
            {value === undefined ? '' : reveal ? value : maskValue(value)}
          </span>{' '}
          <button type="button" className="link-button" onClick={() => toggleRevealLeak(leak.leakId)}>
            {reveal ? 'hide' : 'reveal'}
          </button>
        </dd>
        <dt>Encoding</dt>
        <dd className="mono">{leak.encoding}</dd>
        <dt>Sent to</dt>
        <dd>
          <strong>{view.host}</strong> <span className="mono muted">{leak.server}</span>
          {view.countryName && (
            <span className="leak-country">
              {' '}
              · {countryFlag(view.country)} {view.countryName}
            </span>
          )}
          {view.owner && (
            <span className="leak-owner">
              {' '}
              · {view.owner}
              {view.asn ? ` (AS${view.asn})` : ''}
            </span>
          )}
          {view.tracker && <span className="badge tracker">tracker · {view.tracker}</span>}
        </dd>
        <dt>When</dt>
        <dd>
          {formatDateTime(leak.ts)}
          {formatTime(leak.ts).slice(8)} · seen {formatCount(leak.count)}{' '}
          {leak.count === 1 ? 'time' : 'times'}
        </dd>
        <dt>Context</dt>
        <dd className="mono evidence-context" title={leak.context}>
          {leak.context}
        </dd>
      </dl>
      <Frames view={view} />
      <div className="evidence-body">
        {loaded.state === 'loading' && (
          <div className="evidence-note">Reading the bytes from the capture…</div>
        )}
        {loaded.state === 'error' && (
          <div className="evidence-note error" data-testid="evidence-error">
            Could not read this leak's bytes: {loaded.message}
          </div>
        )}
        {loaded.state === 'ready' && (
          <Bytes
            content={loaded.content}
            view={view}
            transport={flow?.transport ?? leak.transport}
            mode={mode}
            needles={needles}
            note={
              dnsQuestion
                ? `DNS question: ${dnsQuestion.qname} (${dnsQuestion.qtype}). The identifier is in this name; the datagram is below.`
                : leak.where === 'sni'
                  ? 'The identifier is in the server name of this TLS ClientHello; the engine’s excerpt is above.'
                  : null
            }
          />
        )}
      </div>
    </section>
  );
}

function Frames({ view }: { view: LeakView }) {
  const { leak } = view;
  const shown = leak.occurrenceFrames.slice(0, MAX_FRAMES_SHOWN);
  return (
    <div className="evidence-frames" data-testid="evidence-frames">
      <div>
        First seen in frame{' '}
        <strong className="mono" data-testid="evidence-first-frame">
          {leak.frame}
        </strong>
        {leak.frames.length > 1 && (
          <span className="muted">
            {' '}
            (its bytes span frames <span className="mono">{leak.frames.join(', ')}</span>)
          </span>
        )}
      </div>
      <div>
        {leak.count === 1 ? 'Seen once.' : `All ${formatCount(leak.count)} occurrences:`}{' '}
        {leak.count > 1 && (
          <span className="mono frame-list" data-testid="evidence-occurrences">
            {shown.join(' ')}
          </span>
        )}
        {leak.occurrenceFrames.length > shown.length && (
          <span className="muted">
            {' '}
            … and {formatCount(leak.occurrenceFrames.length - shown.length)} more
          </span>
        )}
        {leak.count > leak.occurrenceFrames.length && (
          <span className="muted"> (the first {formatCount(leak.occurrenceFrames.length)} are kept)</span>
        )}
      </div>
    </div>
  );
}

interface BytesProps {
  content: FlowContent;
  view: LeakView;
  transport: 'tcp' | 'udp';
  mode: 'message' | 'hex';
  needles: readonly Uint8Array[];
  note: string | null;
}

/** Where the leak's bytes are: its stream run, the HTTP message or a window, and the marks. */
function locate(chunks: DecodedChunk[], view: LeakView, transport: 'tcp' | 'udp') {
  const { leak } = view;
  const raw = leakInRawStream(leak);
  // Names in DNS and SNI carry offsets inside the name: find their bytes by the frame instead.
  const anchor =
    raw || leak.where === 'body'
      ? leak.offset
      : (
          chunks.find((c) => c.frame === leak.frame && c.direction === leak.direction) ??
          chunks.find((c) => c.direction === leak.direction)
        )?.start;
  if (anchor === undefined) return null;
  const run = streamRun(chunks, leak.direction, anchor, transport);
  if (!run) return null;
  const message = leak.protocol === 'http' ? findHttpMessage(run, anchor) : null;
  const span: Span = message
    ? { start: message.start, end: message.end }
    : raw
      ? windowAround(run, leak.offset, leak.length)
      : { start: run.start, end: Math.min(run.start + run.bytes.length, run.start + 4096) };
  return { run, message, span };
}

function Bytes({ content, view, transport, mode, needles, note }: BytesProps) {
  const { leak } = view;
  const chunks = useMemo(() => decodeChunks(content, transport), [content, transport]);
  const highlights = useMemo(() => evidenceHighlights(content.highlights, leak), [content.highlights, leak]);
  const where = useMemo(() => locate(chunks, view, transport), [chunks, view, transport]);
  const focus = useMemo(
    () => ({ direction: leak.direction, offset: leak.offset }),
    [leak.direction, leak.offset],
  );
  if (!where) {
    return (
      <div className="evidence-note" data-testid="evidence-missing">
        The bytes of this match were not found in the flow read back from the capture (it may have been cut at{' '}
        {MAX_FLOW_BYTES >> 20} MB). Frame {leak.frame} in Wireshark has them.
      </div>
    );
  }
  const { run, message, span } = where;
  return mode === 'hex' ? (
    <EvidenceHex run={run} span={span} highlights={highlights} focus={focus} />
  ) : (
    <EvidenceMessage
      run={run}
      message={message}
      span={span}
      highlights={highlights}
      focus={focus}
      needles={needles}
      note={note}
    />
  );
}
