#!/usr/bin/env node
/**
 * Bundles the command line (main/cli/main.ts and everything it imports from the repository) into
 * out/cli/phonehome.mjs, with each command's code and the code it shares with the flow shard's
 * worker (out/cli/shard-worker.mjs) in chunks beside it, so `phonehome` starts without compiling TypeScript
 * through tsx on every run (about half a second). bin/phonehome.mjs runs the bundle when it is
 * newer than every source file it was made from (listed in out/cli/inputs.json, with
 * package.json and the lock file) and falls back to tsx otherwise, so an edited source or an
 * updated package is never shadowed by a stale bundle.
 *
 * npm packages are bundled too (Node's CommonJS export scan and module resolution of each file
 * cost more at start-up than the code they load), except those with native parts or optional
 * ones that may be missing (NOT_BUNDLED), which are loaded from node_modules. Code that locates
 * files next to its own source (`import.meta.url`, `import.meta.dirname`, `import.meta.filename`:
 * the engine worker and capture helper launchers, the IP tables, the native addon) is rewritten
 * to name its source file's URL, relative to the bundle, so those paths resolve exactly as they
 * do from source.
 *
 * Usage: node build/bundle-cli.mjs
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const OUT_DIR = join(REPO, 'out/cli');
const OUT_FILE = join(OUT_DIR, 'phonehome.mjs');
/** The flow shard's worker (main/services/flow-shard.ts) is a second entry, bundled beside the CLI. */
const WORKER_FILE = join(OUT_DIR, 'shard-worker.mjs');
/** Native addons, Electron, and optional dependencies ws looks for with a guarded require. */
const NOT_BUNDLED = ['cap', 'electron', 'bufferutil', 'utf-8-validate'];

/** Rewrites `import.meta.*` in repository sources to describe the source file, not the bundle. */
const sourceLocation = {
  name: 'source-location',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.')) return { contents: text, loader: 'ts' };
      // The source's URL, computed from the bundle's own location at run time, so a moved
      // checkout still finds its files.
      const rel = relative(OUT_DIR, args.path).split('\\').join('/');
      const url = `new URL(${JSON.stringify(rel)}, import.meta.url)`;
      const contents = text
        .replaceAll('import.meta.url', `${url}.href`)
        .replaceAll('import.meta.filename', `__phonehomeFilePath(${url})`)
        .replaceAll('import.meta.dirname', `__phonehomeDirPath(${url})`);
      return { contents, loader: 'ts' };
    });
  },
};

// Chunk names carry a content hash: the last build's chunks go, so out/cli holds one build.
if (existsSync(OUT_DIR)) {
  for (const name of readdirSync(OUT_DIR)) if (/\.mjs(\.map)?$/.test(name)) rmSync(join(OUT_DIR, name));
}

// A source saved while the build reads the sources must count as newer than the bundle.
const started = new Date();
const result = await build({
  entryPoints: {
    phonehome: join(REPO, 'main/cli/main.ts'),
    'shard-worker': join(REPO, 'main/services/shard-worker.ts'),
  },
  outdir: OUT_DIR,
  outExtension: { '.js': '.mjs' },
  // Code shared by the entries, and each command's own code, in chunks loaded when needed (the
  // CLI imports commands on demand). Chunks sit beside the entries, so the source-relative paths
  // written by sourceLocation resolve the same from every file.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: NOT_BUNDLED,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [sourceLocation],
  banner: {
    js: [
      // Bundled CommonJS packages require Node built-ins; an ES module has no `require` of its own.
      "import { createRequire as __phonehomeCreateRequire } from 'node:module';",
      'const require = __phonehomeCreateRequire(import.meta.url);',
      "import { fileURLToPath as __phonehomeToPath } from 'node:url';",
      "import { dirname as __phonehomeDirname } from 'node:path';",
      'const __phonehomeFilePath = (u) => __phonehomeToPath(u);',
      'const __phonehomeDirPath = (u) => __phonehomeDirname(__phonehomeToPath(u));',
      // Tells code that starts a bundled worker where the bundle is (flow-shard.ts).
      'const __phonehomeBundleUrl = import.meta.url;',
    ].join('\n'),
  },
});

// npm writes package files with a fixed old date, so an installed package that changed is
// noticed through the lock file npm rewrites instead.
const inputs = [
  ...Object.keys(result.metafile.inputs).map((p) =>
    relative(REPO, join(process.cwd(), p)).split('\\').join('/'),
  ),
  ...['package.json', 'package-lock.json'].filter((p) => existsSync(join(REPO, p))),
].sort();
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(join(OUT_DIR, 'inputs.json'), `${JSON.stringify({ inputs }, null, 2)}\n`);
utimesSync(OUT_FILE, started, started);
utimesSync(WORKER_FILE, started, started);
console.log(
  `wrote ${relative(REPO, OUT_FILE)} and ${relative(REPO, WORKER_FILE)} from ${inputs.length} source files`,
);
