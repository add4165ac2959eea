/**
 * A leak as plain text for "Copy as text": what was sent, where, when, in which frames — enough
 * for a reporter's notes or a bug report, and for finding the packets again in Wireshark. The
 * identifier is masked unless the caller says the user revealed it; the engine's context excerpt
 * is already masked.
 */
import type { LeakView } from '../store/leak-feed';
import { formatCount, formatDateTime, formatTime } from './format';
import { maskValue } from './mask';

/** Frame lists longer than this are cut, with a count of the rest. */
const MAX_FRAMES_LISTED = 100;

export interface StoryFacts {
  view: LeakView;
  /** The identifier as the user typed it, when known. */
  value: string | undefined;
  reveal: boolean;
  captureName: string | null;
}

function frameList(frames: readonly number[]): string {
  const shown = frames.slice(0, MAX_FRAMES_LISTED).join(', ');
  return frames.length > MAX_FRAMES_LISTED
    ? `${shown} … and ${frames.length - MAX_FRAMES_LISTED} more`
    : shown;
}

export function leakStory({ view, value, reveal, captureName }: StoryFacts): string {
  const { leak } = view;
  const shown = value === undefined ? '(not in the identifier list)' : reveal ? value : maskValue(value);
  const owner = [
    view.countryName,
    view.owner && (view.asn ? `${view.owner} (AS${view.asn})` : view.owner),
    view.tracker && `tracker: ${view.tracker}`,
  ].filter(Boolean);
  const lines = [
    view.sentence,
    '',
    `Identifier: ${leak.label} — ${shown}`,
    `Encoding:   ${leak.encoding}`,
    `Sent to:    ${view.host} (${leak.server})${owner.length ? ` — ${owner.join(', ')}` : ''}`,
    `From:       ${leak.client}`,
    `Protocol:   ${leak.protocol.toUpperCase()} over ${leak.transport.toUpperCase()}, ${leak.direction === 'out' ? 'sent by the phone' : 'received by the phone'}`,
    `First seen: ${formatDateTime(leak.ts)}${formatTime(leak.ts).slice(8)}, frame ${leak.frame}`,
    `Bytes in:   frame${leak.frames.length === 1 ? '' : 's'} ${frameList(leak.frames)}`,
    `Seen:       ${formatCount(leak.count)} time${leak.count === 1 ? '' : 's'}, in frames ${frameList(leak.occurrenceFrames)}${leak.count > leak.occurrenceFrames.length ? ' (the first ones)' : ''}`,
    `Context:    ${leak.context}`,
  ];
  if (captureName) lines.push(`Capture:    ${captureName}`);
  return lines.join('\n');
}
