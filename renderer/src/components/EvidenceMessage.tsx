/**
 * The message that carried a leak, laid out as a reader expects it: the request or status line,
 * the headers one per line, then the body — decoded when it was chunked or compressed, with the
 * identifier marked where it can be found again. Bytes that are not HTTP are shown as a window
 * of text around the match.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import type { Highlight } from '../../../shared/api';
import { bytesToText } from '../lib/flow-bytes';
import { findAll, type HttpMessage, type Span, type StreamRun } from '../lib/http-message';
import { useDecodedBody } from './useDecodedBody';
import { Marked } from './Marked';

/** Bodies longer than this are cut in the text view; the hex view has every byte. */
const MAX_BODY_TEXT = 256 * 1024;

interface Props {
  run: StreamRun;
  message: HttpMessage | null;
  span: Span;
  highlights: readonly Highlight[];
  focus: { direction: 'out' | 'in'; offset: number } | null;
  /** Byte forms of the identifier to look for in a decoded body (the engine's offset is the body's start). */
  needles: readonly Uint8Array[];
  /** A note shown above the bytes, e.g. the DNS question the name was in. */
  note: string | null;
}

export function EvidenceMessage({ run, message, span, highlights, focus, needles, note }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    ref.current?.querySelector('mark.current')?.scrollIntoView({ block: 'center' });
  }, [run, span, focus]);

  return (
    <div className="evidence-message" data-testid="evidence-message" ref={ref}>
      {note && <div className="evidence-note">{note}</div>}
      {message ? (
        <HttpLayout run={run} message={message} highlights={highlights} focus={focus} needles={needles} />
      ) : (
        <>
          <div className="evidence-caption muted">
            Bytes {run.direction === 'out' ? 'sent by the phone' : 'received'}, stream offsets {span.start}–
            {span.end}
          </div>
          <pre className="message-bytes">
            <Marked run={run} span={span} highlights={highlights} focus={focus} />
          </pre>
        </>
      )}
    </div>
  );
}

function HttpLayout({
  run,
  message,
  highlights,
  focus,
  needles,
}: {
  run: StreamRun;
  message: HttpMessage;
  highlights: readonly Highlight[];
  focus: Props['focus'];
  needles: readonly Uint8Array[];
}) {
  const encoded = message.chunked || message.coding !== null;
  const bodyBytes = useMemo(
    () => (encoded ? run.bytes.subarray(message.body.start - run.start, message.body.end - run.start) : null),
    [encoded, run, message],
  );
  const decoded = useDecodedBody(bodyBytes, message.chunked, message.coding);
  const bodyLength = message.body.end - message.body.start;
  const shownBody = {
    start: message.body.start,
    end: Math.min(message.body.end, message.body.start + MAX_BODY_TEXT),
  };

  return (
    <>
      <div className="message-start-line mono" data-testid="evidence-start-line">
        <Marked run={run} span={message.startLine} highlights={highlights} focus={focus} />
      </div>
      <div className="message-headers mono" data-testid="evidence-headers">
        {message.headers.map((h) => (
          <div key={h.start} className="message-header">
            <span className="header-name">
              <Marked
                run={run}
                span={{ start: h.start, end: Math.min(h.end, h.start + h.name.length + 1) }}
                highlights={highlights}
                focus={focus}
              />
            </span>
            <Marked
              run={run}
              span={{ start: Math.min(h.end, h.start + h.name.length + 1), end: h.end }}
              highlights={highlights}
              focus={focus}
            />
          </div>
        ))}
      </div>
      {bodyLength > 0 && (
        <div className="message-body" data-testid="evidence-body">
          {!encoded && (
            <pre className="message-bytes">
              <Marked run={run} span={shownBody} highlights={highlights} focus={focus} />
            </pre>
          )}
          {encoded && decoded.state === 'decoding' && <div className="muted">Decoding the body…</div>}
          {encoded && decoded.state === 'failed' && (
            <div className="evidence-note warning" data-testid="evidence-body-error">
              {decoded.message}
            </div>
          )}
          {encoded && decoded.state === 'decoded' && (
            <DecodedBody bytes={decoded.bytes} notes={decoded.notes} needles={needles} />
          )}
          {bodyLength > MAX_BODY_TEXT && !encoded && (
            <div className="muted">
              Showing the first {MAX_BODY_TEXT >> 10} KB of a {Math.round(bodyLength / 1024)} KB body; the Hex
              view has all of it.
            </div>
          )}
        </div>
      )}
    </>
  );
}

function DecodedBody({
  bytes,
  notes,
  needles,
}: {
  bytes: Uint8Array;
  notes: string[];
  needles: readonly Uint8Array[];
}) {
  const shown = bytes.length > MAX_BODY_TEXT ? bytes.subarray(0, MAX_BODY_TEXT) : bytes;
  const marks = useMemo(() => {
    for (const n of needles) {
      const found = findAll(shown, n);
      if (found.length) return found.map((at) => ({ at, length: n.length }));
    }
    return [];
  }, [shown, needles]);
  const pieces: React.ReactNode[] = [];
  let cursor = 0;
  for (const m of marks) {
    if (m.at > cursor) pieces.push(bytesToText(shown, cursor, m.at));
    pieces.push(
      <mark key={m.at} className="current" data-testid="decoded-highlight">
        {bytesToText(shown, m.at, m.at + m.length)}
      </mark>,
    );
    cursor = m.at + m.length;
  }
  if (cursor < shown.length) pieces.push(bytesToText(shown, cursor, shown.length));
  return (
    <>
      <div className="evidence-caption muted" data-testid="evidence-decoded-note">
        Body as the server reads it ({notes.join(', ')})
        {marks.length === 0 ? ' — the match is in here, in the encoding named above' : ''}:
      </div>
      <pre className="message-bytes">{pieces}</pre>
    </>
  );
}
