#!/usr/bin/env node
// Entry point of the `phonehome` command. It runs the prebuilt bundle of the CLI
// (out/cli/phonehome.mjs, written by build/bundle-cli.mjs during `npm ci`) when the bundle is
// newer than every source file it was made from; otherwise it runs the TypeScript sources
// through tsx, so the CLI works right after a checkout or an edit with no build step. The bundle
// saves tsx's start-up, about half a second a run. PHONEHOME_FROM_SOURCE=1 always runs the sources.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = new URL('../', import.meta.url);
const root = fileURLToPath(repo);

/** True when the bundle exists and no source it was built from changed after it. */
function bundleIsFresh() {
  try {
    const built = statSync(`${root}out/cli/phonehome.mjs`).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(`${root}out/cli/inputs.json`, 'utf8'));
    if (!Array.isArray(inputs) || inputs.length === 0) return false;
    return inputs.every((path) => statSync(`${root}${path}`).mtimeMs <= built);
  } catch {
    // No bundle, or a source it names is gone (renamed, deleted): run from source.
    return false;
  }
}

let main;
if (process.env.PHONEHOME_FROM_SOURCE !== '1' && bundleIsFresh()) {
  ({ main } = await import(new URL('out/cli/phonehome.mjs', repo).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../main/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
