/**
 * The pkexec backend: its command line, what pkexec's exit codes mean, a whole capture through
 * the real launcher script from build/linux with a stand-in for pkexec that only execs its
 * arguments, and then (as root, where pkexec, polkitd and dbus-daemon are installed) the real
 * thing: an unprivileged user's capture through pkexec, authorised by polkitd under our policy
 * file, in a private mount namespace with a system bus and polkitd of the test's own
 * (test-support/polkit-sandbox.sh). It checks what matters about the pkexec path: the launcher
 * starts the helper as root for a user who is not, the capture stops by closing stdin (a user
 * process cannot signal a helper running as root), and a refusal reads as words.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
/** Why the real polkit test cannot run here, or null. */
const polkitMissing = !isRoot
  ? 'needs root'
  : !hasCap
    ? 'needs the cap module'
    : !has('pkexec', ['--version'])
      ? 'needs pkexec (apt install pkexec)'
      : !has('test', ['-x', '/usr/lib/polkit-1/polkitd'])
        ? 'needs polkitd'
        : !has('dbus-daemon', ['--version'])
          ? 'needs dbus-daemon'
          : !has('unshare', ['--version']) || !has('setpriv', ['--version'])
            ? 'needs unshare and setpriv (util-linux)'
            : null;
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

  it("explains pkexec's own exit codes, told apart by what it printed (pkexec(1), polkit's pkexec.c)", () => {
    expect(describePkexecExit(126)).toMatch(/password was not given \(the request was dismissed\)/);
    expect(
      describePkexecExit(127, [
        'Error executing command as another user: Not authorized',
        '',
        'This incident has been reported.',
      ]),
    ).toMatch(/^polkit refused the capture/);
    expect(
      describePkexecExit(127, ['Error executing command as another user: No authentication agent found.']),
    ).toMatch(/no polkit agent is running/);
    expect(
      describePkexecExit(127, [
        "Error creating textual authentication agent: Error opening current controlling terminal for the process (`/dev/tty'): No such device or address",
      ]),
    ).toMatch(/no polkit agent is running/);
    expect(describePkexecExit(127, ['Cannot run program /x: No such file or directory'])).toBe(
      'pkexec could not start the capture helper (Cannot run program /x: No such file or directory); check that the helper launcher is installed (see build/linux/README.md)',
    );
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
      writeLauncher(launcher);
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

  describe.skipIf(polkitMissing !== null)(
    `through the real pkexec and polkitd (${polkitMissing ?? 'root'})`,
    () => {
      /**
       * One sandboxed run as `nobody`: our policy file (its exec.path pointed at a launcher in the
       * test's directory, the only change), the launcher from build/linux, and the given rules.
       */
      function runAsNobody(rules: string): { driver: Record<string, unknown>; out: string; stderr: string } {
        const dir = mkdtempSync(join(tmpdir(), 'phonehome-polkit-'));
        try {
          chmodSync(dir, 0o755);
          mkdirSync(join(dir, 'actions'));
          mkdirSync(join(dir, 'rules'));
          const launcher = join(dir, 'phonehome-capture-helper');
          const policy = readFileSync(join(repo, 'build/linux/org.phonehome.capture.policy'), 'utf8');
          writeFileSync(
            join(dir, 'actions/org.phonehome.capture.policy'),
            policy.replace(DEFAULT_HELPER_LAUNCHER, launcher),
          );
          writeFileSync(join(dir, 'rules/49-phonehome-test.rules'), rules);
          writeLauncher(launcher);
          // Only the capture file's directory is nobody's: everything pkexec runs stays root's.
          const outDir = join(dir, 'out');
          mkdirSync(outDir);
          chownSync(outDir, 65534, 65534);
          const out = join(outDir, 'capture.pcapng');
          const r = spawnSync(
            'unshare',
            [
              '-m',
              '--propagation',
              'private',
              join(repo, 'main/capture/test-support/polkit-sandbox.sh'),
              dir,
              'nobody',
              process.execPath,
              join(repo, 'main/capture/test-support/pkexec-driver.mjs'),
              launcher,
              out,
              '47911',
              '5',
            ],
            { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, HOME: '/nonexistent' } },
          );
          const line = r.stdout.trim().split('\n').at(-1) ?? '';
          let driver: Record<string, unknown> = {};
          try {
            driver = JSON.parse(line) as Record<string, unknown>;
          } catch {
            throw new Error(`the driver printed no result (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
          }
          const read = spawnSync(
            'tshark',
            [
              '-r',
              out,
              '-T',
              'fields',
              '-e',
              'udp.dstport',
              '-e',
              'data.text',
              '-o',
              'data.show_as_text:TRUE',
            ],
            {
              encoding: 'utf8',
            },
          );
          return { driver, out: read.stdout, stderr: r.stderr };
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }

      it('captures for an unprivileged user whom polkit authorises, and stops when its stdin closes', () => {
        const { driver, out } = runAsNobody(
          'polkit.addRule(function (action, subject) {\n' +
            '  if (action.id == "org.phonehome.capture" && subject.user == "nobody") return polkit.Result.YES;\n' +
            '});\n',
        );
        expect(driver).toMatchObject({ uid: 65534, linkType: 1, packets: 5 });
        expect(driver.error).toBeUndefined();
        // tshark's reading of the file: the five datagrams, in order.
        expect(out.trim().split('\n')).toEqual([0, 1, 2, 3, 4].map((i) => `47911\tdatagram ${i}`));
      }, 60_000);

      it('says in words that polkit refused, when a rule says no', () => {
        const { driver } = runAsNobody(
          'polkit.addRule(function (action, subject) {\n' +
            '  if (action.id == "org.phonehome.capture") return polkit.Result.NO;\n' +
            '});\n',
        );
        expect(driver.uid).toBe(65534);
        expect(driver.error).toMatch(/^polkit refused the capture/);
      }, 60_000);

      it('says that no agent could ask for the password, when the policy wants one and none runs', () => {
        const { driver } = runAsNobody('');
        expect(driver.uid).toBe(65534);
        expect(driver.error).toMatch(/no polkit agent is running/);
      }, 60_000);
    },
  );
});

/** The launcher from build/linux at `path`, running this Node and the helper from source. */
function writeLauncher(path: string): void {
  const template = readFileSync(join(repo, 'build/linux/phonehome-capture-helper'), 'utf8');
  writeFileSync(
    path,
    template
      .replace(/^NODE=.*$/m, `NODE=${process.execPath}`)
      .replace(/^HELPER=.*$/m, `HELPER=${join(repo, 'main/capture/capture-helper-source.mjs')}`),
  );
  chmodSync(path, 0o755);
}
