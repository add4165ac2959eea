/**
 * Markers come back from a saved capture: the engine turns PhoneHome's marker packet comments
 * into marker records on the frame that carries them, and nothing else does. The file is built
 * with pcapng-writer, and tshark (when installed) confirms that it sees the same comment there.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MarkerRecord } from '../../shared/events';
import { formatMarkerComment } from '../../shared/marker-comment';
import { Engine } from './engine';
import { enhancedPacket, interfaceDescription, sectionHeader } from './pcap/pcapng-writer';

const dir = mkdtempSync(join(tmpdir(), 'phonehome-markers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;

const frame = Buffer.from('ffffffffffff020000000001080045000014000000004011000', 'hex');
const at = Date.UTC(2026, 10, 24, 1, 0, 0, 250) / 1000;
const comments = [
  [],
  [formatMarkerComment('sent SMS', at), 'PhoneHome leak: imei (raw) in body of HTTP POST to x'],
  ['an analyst wrote this', 'PhoneHome marker: "forged" at noon'],
  [formatMarkerComment('opened the "cloud" app', at + 5)],
  [formatMarkerComment('started the app', at - 9, true)],
];
const bytes = Buffer.concat([
  sectionHeader({}),
  interfaceDescription({ linkType: 1, snapLen: 65535 }),
  ...comments.map((c, i) =>
    enhancedPacket(
      { interfaceId: 0, tsSec: 1795000000 + i, tsNsec: 0, data: frame, origLen: frame.length, comments: c },
      1_000_000,
    ),
  ),
]);

describe('markers restored from a saved capture', () => {
  it('become marker records on the frames that carry them', () => {
    const engine = new Engine({ identifiers: [] });
    engine.pushBytes(bytes);
    engine.end();
    const markers = engine.drain().filter((r): r is MarkerRecord => r.type === 'marker');
    expect(markers).toEqual([
      { type: 'marker', id: 1, ts: at, label: 'sent SMS', frame: 2 },
      { type: 'marker', id: 2, ts: at + 5, label: 'opened the "cloud" app', frame: 4 },
      // Set before any packet: it rides on a frame in the file, but was on none.
      { type: 'marker', id: 3, ts: at - 9, label: 'started the app', frame: null },
    ]);
  });

  it.skipIf(!hasTshark)('where tshark shows the same comments', () => {
    const path = join(dir, 'markers.pcapng');
    writeFileSync(path, bytes);
    const out = spawnSync(
      'tshark',
      ['-r', path, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.comment'],
      {
        encoding: 'utf8',
      },
    );
    const rows = out.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows[1][0]).toBe('2');
    expect(rows[1][1]).toContain('PhoneHome marker: "sent SMS" at 2026-11-24T01:00:00.250Z');
    expect(rows[3][1]).toContain('PhoneHome marker: "opened the "cloud" app" at 2026-11-24T01:00:05.250Z');
  });
});
