/**
 * The packet comment that carries a marker ("I just did X") in a saved pcapng, written at the end
 * of a live capture and read back when the file is opened again, so the timeline shows the same
 * markers. Wireshark shows the comment as it is.
 *
 * Threat model: a comment read from a file is untrusted text; parsing it yields a label that is
 * only ever rendered as text, and a time that must be a real ISO 8601 instant, or nothing.
 */

const PREFIX = 'PhoneHome marker: "';
/** The label is one line, everything between the first quote and the last `" at <time>` (labels may hold quotes). */
const BEFORE_FIRST = ', before the first packet';
const PATTERN =
  /^PhoneHome marker: "([^\u0000-\u001f\u007f]*)" at (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)(, before the first packet)?$/;
/** A label longer than this is not one PhoneHome wrote (the UI caps labels far below it). */
const MAX_LABEL = 1000;

export function formatMarkerComment(label: string, ts: number, beforeFirstPacket = false): string {
  return `${PREFIX}${label}" at ${new Date(ts * 1000).toISOString()}${beforeFirstPacket ? BEFORE_FIRST : ''}`;
}

/**
 * The marker a comment carries (time in seconds since the epoch; `beforeFirstPacket` when it was
 * set before any packet was captured, and rides on frame 1 only because a comment needs a
 * frame), or null for any other comment.
 */
export function parseMarkerComment(
  comment: string,
): { label: string; ts: number; beforeFirstPacket: boolean } | null {
  if (!comment.startsWith(PREFIX)) return null;
  const m = PATTERN.exec(comment);
  if (!m || m[1].length > MAX_LABEL) return null;
  const ms = Date.parse(m[2]);
  if (!Number.isFinite(ms)) return null;
  return { label: m[1], ts: ms / 1000, beforeFirstPacket: m[3] !== undefined };
}
