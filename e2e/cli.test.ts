/**
 * The CLI's promises to its users: exit codes (0 ok, 2 usage, 3 unreadable input), messages that
 * say what is wrong, and a damaged file still reporting everything before the damage.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../', import.meta.url));
const sample = join(repo, 'e2e/fixtures/sample/founding-case.pcapng');
const ids = join(repo, 'e2e/fixtures/sample/founding-case.ids.json');
const tmp = mkdtempSync(join(tmpdir(), 'phonehome-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function phonehome(...args: string[]) {
  const r = spawnSync(process.execPath, [join(repo, 'bin/phonehome.mjs'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('phonehome CLI', () => {
  it('prints usage and exits 2 for an unknown command or bad options', () => {
    const unknown = phonehome('analyse', sample);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command "analyse"');
    expect(unknown.err).toContain('Usage:');
    expect(phonehome('analyze').code).toBe(2);
    const fmt = phonehome('analyze', sample, '--format', 'xml');
    expect(fmt.code).toBe(2);
    expect(fmt.err).toContain('--format must be ndjson, json or table');
  });

  it('exits 3 with a clear message for a missing file and for a file that is not a capture', () => {
    const missing = phonehome('analyze', join(tmp, 'nope.pcap'));
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('no such file');
    const notCapture = join(tmp, 'notes.txt');
    writeFileSync(notCapture, 'These are my notes, not a capture.\n');
    const bad = phonehome('analyze', notCapture);
    expect(bad.code).toBe(3);
    expect(bad.err).toMatch(/not a pcap or pcapng file/i);
  });

  it('reports everything before the damage in a truncated file, then exits 3', () => {
    const whole = readFileSync(sample);
    const cut = join(tmp, 'cut.pcapng');
    // Cut inside the last packet block: every earlier frame must still be reported.
    writeFileSync(cut, whole.subarray(0, whole.length - 30));
    const r = phonehome('analyze', cut, '--ids', ids);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/ends in the middle|truncated|cut short/i);
    const summary = JSON.parse(r.out.trim().split('\n').pop()!);
    expect(summary.type).toBe('summary');
    const full = JSON.parse(phonehome('analyze', sample).out.trim().split('\n').pop()!);
    expect(summary.packets).toBe(full.packets - 1);
    expect(summary.leaks).toBe(5);
  });

  it('rejects an identifiers file with a wrong IMEI check digit, naming the problem', () => {
    const badIds = join(tmp, 'bad-ids.json');
    writeFileSync(
      badIds,
      JSON.stringify({ identifiers: [{ kind: 'imei', value: '865301020304058', label: 'typo' }] }),
    );
    const r = phonehome('analyze', sample, '--ids', badIds);
    expect(r.code).toBe(2);
    expect(r.err).toContain('identifiers[0]');
    expect(r.err).toMatch(/check digit/i);
  });

  it('prints a readable table', () => {
    const r = phonehome('analyze', sample, '--ids', ids, '--format', 'table');
    expect(r.code).toBe(0);
    expect(r.out).toContain('LEAKS');
    expect(r.out).toContain('api.account.xiaomi.com');
    expect(r.out).toMatch(/imei\s+RedMi 1S IMEI/);
    expect(r.out).not.toContain('865301020304057');
  });

  it('prints one JSON document with --format json', () => {
    const r = phonehome('analyze', sample, '--ids', ids, '--format', 'json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.summary.leaks).toBe(5);
    expect(doc.records.filter((x: { type: string }) => x.type === 'leak')).toHaveLength(5);
  });

  it('prints the same records on two threads as on one, and refuses other thread counts', () => {
    const one = phonehome('analyze', sample, '--ids', ids, '--threads', '1');
    const two = phonehome('analyze', sample, '--ids', ids, '--threads', '2');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(two.err).toBe('');
    expect(two.out).toBe(one.out);
    expect(JSON.parse(two.out.trim().split('\n').pop()!).leaks).toBe(5);
    const three = phonehome('analyze', sample, '--threads', '3');
    expect(three.code).toBe(2);
    expect(three.err).toContain('--threads must be auto, 1 or 2');
  });
});
