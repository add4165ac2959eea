/**
 * The system resolver of one lab namespace, through iproute2's own convention: `ip netns exec NS`
 * bind-mounts every file of /etc/netns/NS/ over its namesake in /etc, in a mount namespace of the
 * program it starts. Writing /etc/netns/NS/resolv.conf therefore changes what programs started in
 * NS read as /etc/resolv.conf, and nothing else: the root namespace's resolv.conf is never touched.
 *
 * The lab uses it where PhoneHome must find the fake internet's resolver as "the system's" (the
 * UI's hotspot form has no DNS field, so dnsmasq falls back to /etc/resolv.conf). It must be in
 * place before the program starts, as the bind mount happens when `ip netns exec` runs.
 */
import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NETNS_ETC = '/etc/netns';

/** Files written and not yet removed, for the exit hook of a run that crashed. */
const written = new Set<string>();
let exitHookInstalled = false;

function remove(nsDir: string): void {
  rmSync(nsDir, { recursive: true, force: true });
  written.delete(nsDir);
  // Another run may be using /etc/netns at the same moment: rmdir only succeeds when it is empty.
  try {
    rmdirSync(NETNS_ETC);
  } catch {
    // Not empty (another namespace's files) or already gone.
  }
}

/**
 * Make `server` the resolver programs started in namespace `ns` see; returns the undo, which is
 * also run at process exit if the caller never gets to it.
 */
export function setNetnsResolver(ns: string, server: string): () => void {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(ns)) throw new Error(`not a namespace name: ${ns}`);
  const nsDir = join(NETNS_ETC, ns);
  mkdirSync(nsDir, { recursive: true });
  writeFileSync(
    join(nsDir, 'resolv.conf'),
    `# Written by e2e/lab/netns-resolver.ts for ${ns}.\nnameserver ${server}\n`,
  );
  written.add(nsDir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const dir of [...written]) remove(dir);
    });
  }
  return () => remove(nsDir);
}
