/**
 * Suspected identifiers reach the engine's output as `suspect` records, apart from leaks: an
 * IMEI-shaped value under an `imei` key that the user did not enter is a suspect; once the user
 * enters it, it is a leak and no longer a suspect. Inputs are hand-built requests.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { EngineRecord, SuspectRecord } from '../../shared/events';
import { te } from '../../e2e/fixtures/lib/packet-builder';
import { finalLeaks, runExchange } from './test-support/run-exchange';

// 49015420323751 + Luhn digit 8: a valid IMEI that is not the user's.
const OTHER_IMEI = '490154203237518';
const suspects = (records: EngineRecord[]) => records.filter((r): r is SuspectRecord => r.type === 'suspect');

describe('suspect records', () => {
  it('flags an unknown IMEI under an imei key in a query string, masked, with its place', () => {
    const req = te.encode(`GET /report?imei=${OTHER_IMEI}&v=2 HTTP/1.1\r\nHost: t.example.com\r\n\r\n`);
    const records = runExchange(req, []);
    const s = suspects(records);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({
      kind: 'imei',
      key: 'imei',
      where: 'query',
      host: 't.example.com',
      direction: 'out',
    });
    expect(s[0].context).not.toContain(OTHER_IMEI);
    expect(records.find((r) => r.type === 'summary')).toMatchObject({ suspects: 1, leaks: 0 });
  });

  it('reports a value the user entered as a leak, not as a suspect', () => {
    const req = te.encode(`GET /report?imei=${OTHER_IMEI} HTTP/1.1\r\nHost: t.example.com\r\n\r\n`);
    const records = runExchange(req, [{ kind: 'imei', value: OTHER_IMEI, label: 'mine' }]);
    expect(suspects(records)).toEqual([]);
    expect(finalLeaks(records)).toHaveLength(1);
  });

  it('looks inside a gzip body and reports each value once', () => {
    const body = gzipSync(te.encode(`{"device_id":"${OTHER_IMEI}","email":"li.wei@example.com"}`));
    const head = te.encode(
      `POST /u HTTP/1.1\r\nHost: t.example.com\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    const req = new Uint8Array(head.length + body.length);
    req.set(head);
    req.set(body, head.length);
    const s = suspects(runExchange(req, []));
    expect(s.map((x) => [x.kind, x.where]).sort()).toEqual([
      ['email', 'body'],
      ['imei', 'body'],
    ]);
  });

  it('does not flag a 15-digit number without an identifier key', () => {
    const req = te.encode(`GET /report?order=${OTHER_IMEI} HTTP/1.1\r\nHost: t.example.com\r\n\r\n`);
    expect(suspects(runExchange(req, []))).toEqual([]);
  });
});
