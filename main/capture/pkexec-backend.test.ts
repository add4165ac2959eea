/**
 * The pkexec backend: its command line, what pkexec's exit codes mean, and (as root) a whole
 * capture through the real launcher script from build/linux, with a stand-in for pkexec that
 * only execs its arguments (polkit itself is not installed here). It checks what matters about
 * the pkexec path: the launcher starts the helper, and the capture stops by closing stdin,
 * since a user process cannot signal a helper running as root.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startCaptureProcess } from './capture-process';
import { DEFAULT_HELPER_LAUNCHER, describePkexecExit, pkexecArgv, pkexecBackend } from './pkexec-backend';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const isRoot = process.getuid?.() === 0;
const hasCap = (() => {
  try {
    createRequire(import.meta.url).resolve('cap');
    return true;
  } catch {
    return false;
  }
})();
const tmp = mkdtempSync(join(tmpdir(), 'phonehome-pkexec-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pkexec backend', () => {
  it('runs the launcher the polkit action names, with the helper arguments', () => {
    expect(
      pkexecArgv(DEFAULT_HELPER_LAUNCHER, { interfaceName: 'wlan0', filter: 'ether host 02:00:00:00:00:02' }),
    ).toEqual([
      '/usr/lib/phonehome/phonehome-capture-helper',
      '--interface',
      'wlan0',
      '--filter',
      'ether host 02:00:00:00:00:02',
    ]);
    const policy = readFileSync(join(repo, 'build/linux/org.phonehome.capture.policy'), 'utf8');
    expect(policy).toContain('<action id="org.phonehome.capture">');
    expect(policy).toContain('<allow_active>auth_admin_keep</allow_active>');
    expect(policy).toContain(
      `<annotate key="org.freedesktop.policykit.exec.path">${DEFAULT_HELPER_LAUNCHER}</annotate>`,
    );
  });

  it("explains pkexec's own exit codes (pkexec(1): 126 not authorised, 127 cannot ask)", () => {
    expect(describePkexecExit(126)).toMatch(/password was not given/);
    expect(describePkexecExit(127)).toMatch(/could not ask for the administrator password/);
    expect(describePkexecExit(1)).toBeNull();
  });

  it('names a missing helper in a JSON error line the backend understands', () => {
    const launcher = join(tmp, 'launcher-without-helper');
    const template = readFileSync(join(repo, 'build/linux/phonehome-capture-helper'), 'utf8');
    writeFileSync(launcher, template.replace(/^HELPER=.*$/m, `HELPER=${join(tmp, 'no-such-helper.mjs')}`));
    chmodSync(launcher, 0o755);
    const r = spawnSync(launcher, ['--interface', 'lo'], { encoding: 'utf8', env: {} });
    expect(r.status).toBe(1);
    expect(pkexecBackend().interpret(r.stderr.trim())).toEqual({
      kind: 'error',
      message: expect.stringMatching(
        /capture helper is not installed completely .*no-such-helper\.mjs is missing/,
      ),
    });
  });

  it.skipIf(!isRoot || !hasCap)(
    'captures through the launcher and stops when its stdin closes',
    async () => {
      const launcher = join(tmp, 'phonehome-capture-helper');
      const template = readFileSync(join(repo, 'build/linux/phonehome-capture-helper'), 'utf8');
      writeFileSync(
        launcher,
        template
          .replace(/^NODE=.*$/m, `NODE=${process.execPath}`)
          .replace(/^HELPER=.*$/m, `HELPER=${join(repo, 'main/capture/capture-helper-source.mjs')}`),
      );
      chmodSync(launcher, 0o755);
      const fakePkexec = join(tmp, 'pkexec');
      writeFileSync(fakePkexec, '#!/bin/sh\nexec "$@"\n');
      chmodSync(fakePkexec, 0o755);
      const out = join(tmp, 'pkexec.pcapng');
      const chunks: Buffer[] = [];
      const capture = await startCaptureProcess({
        backend: pkexecBackend(launcher, fakePkexec),
        interfaceName: 'lo',
        bufferMb: 2,
        writePath: out,
        onData: (c) => chunks.push(c),
      });
      expect(capture.linkType).toBe(1);
      const result = await capture.stop();
      const written = readFileSync(out);
      expect(result.bytesWritten).toBe(written.length);
      expect(Buffer.concat(chunks).equals(written)).toBe(true);
      const read = spawnSync('tshark', ['-r', out], { encoding: 'utf8' });
      expect(read.status).toBe(0);
    },
    20_000,
  );
});
