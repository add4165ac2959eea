/**
 * Independent oracles for the parser tests: tshark (the corpus oracle's own tool) and openssl,
 * run at test time. Tests that need one are skipped when it is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function available(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const hasTshark = available('tshark', ['-v']);
export const hasOpenssl = available('openssl', ['version']);

/** Runs a tool and returns its stdout; tshark exits non-zero on damaged captures but still prints. */
export function run(cmd: string, args: string[], input?: Uint8Array): string {
  const res = spawnSync(cmd, args, {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  if (res.error) throw res.error;
  if (res.status !== 0 && !res.stdout) throw new Error(`${cmd} exited with ${res.status}`);
  return res.stdout;
}

let dir: string | null = null;
export function tempFile(name: string, bytes?: Uint8Array): string {
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), 'phonehome-app-test-'));
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  const path = join(dir, name);
  if (bytes) writeFileSync(path, bytes);
  return path;
}

/**
 * A classic pcap (LINKTYPE_RAW, IPv4) of UDP or TCP packets, for asking tshark how it shows
 * crafted payloads. TCP packets carry ACK|PSH and the given sequence number.
 */
export function pcapOf(
  packets: { proto: 'udp' | 'tcp'; sport: number; dport: number; payload: Uint8Array; seq?: number }[],
): Uint8Array {
  const chunks: Uint8Array[] = [];
  const gh = new DataView(new ArrayBuffer(24));
  gh.setUint32(0, 0xa1b2c3d4, true);
  gh.setUint16(4, 2, true);
  gh.setUint16(6, 4, true);
  gh.setUint32(16, 65535, true);
  gh.setUint32(20, 101, true);
  chunks.push(new Uint8Array(gh.buffer));
  packets.forEach((p, i) => {
    const l4len = p.proto === 'udp' ? 8 : 20;
    const total = 20 + l4len + p.payload.length;
    const pkt = new Uint8Array(total);
    const v = new DataView(pkt.buffer);
    v.setUint8(0, 0x45);
    v.setUint16(2, total);
    v.setUint8(8, 64);
    v.setUint8(9, p.proto === 'udp' ? 17 : 6);
    pkt.set([10, 0, 0, 1], 12);
    pkt.set([10, 0, 0, 2], 16);
    v.setUint16(20, p.sport);
    v.setUint16(22, p.dport);
    if (p.proto === 'udp') {
      v.setUint16(24, 8 + p.payload.length);
    } else {
      v.setUint32(24, p.seq ?? 1);
      v.setUint8(32, 0x50);
      v.setUint8(33, 0x18);
      v.setUint16(34, 65535);
    }
    pkt.set(p.payload, 20 + l4len);
    const rh = new DataView(new ArrayBuffer(16));
    rh.setUint32(0, i, true);
    rh.setUint32(8, total, true);
    rh.setUint32(12, total, true);
    chunks.push(new Uint8Array(rh.buffer), pkt);
  });
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
