import { describe, expect, it } from 'vitest';
import { formatMarkerComment, parseMarkerComment } from './marker-comment';

describe('marker comments', () => {
  it('reads back what it writes, quotes in the label included', () => {
    const ts = Date.UTC(2026, 10, 24, 1, 2, 3, 456) / 1000;
    const text = formatMarkerComment('sent "hello" SMS', ts);
    expect(text).toBe('PhoneHome marker: "sent "hello" SMS" at 2026-11-24T01:02:03.456Z');
    expect(parseMarkerComment(text)).toEqual({ label: 'sent "hello" SMS', ts, beforeFirstPacket: false });
    const early = formatMarkerComment('started the app', ts, true);
    expect(early).toBe(
      'PhoneHome marker: "started the app" at 2026-11-24T01:02:03.456Z, before the first packet',
    );
    expect(parseMarkerComment(early)).toEqual({ label: 'started the app', ts, beforeFirstPacket: true });
  });

  it('ignores other comments and refuses malformed or multi-line ones', () => {
    expect(parseMarkerComment('PhoneHome leak: imei (raw) in body of HTTP to x')).toBeNull();
    expect(parseMarkerComment('PhoneHome marker: "x" at yesterday')).toBeNull();
    expect(parseMarkerComment('PhoneHome marker: "x" at 2026-13-45T99:00:00.000Z')).toBeNull();
    expect(parseMarkerComment('PhoneHome marker: "a\nb" at 2026-11-24T01:02:03.456Z')).toBeNull();
    expect(
      parseMarkerComment(`PhoneHome marker: "${'x'.repeat(1001)}" at 2026-11-24T01:02:03.456Z`),
    ).toBeNull();
  });
});
