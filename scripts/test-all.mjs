#!/usr/bin/env node
// `npm test`: lint, type-check, unit + corpus tests (vitest), then the UI end-to-end tests
// (Playwright in Debian's Chromium). Every stage runs even if an earlier one failed, and the
// last line is the total: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('out', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(name, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(name, ok) {
  if (ok) totals.passed++;
  else {
    totals.failed++;
    failures.push(name);
  }
}

check('lint', run('lint', 'npx', ['eslint', '.']));
check('format', run('format', 'npx', ['prettier', '--check', '.']));
check('typecheck', run('typecheck', 'npx', ['tsc', '-b']));

rmSync('out/vitest.json', { force: true });
const unitOk = run('unit and corpus tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=out/vitest.json',
]);
if (existsSync('out/vitest.json')) {
  const v = JSON.parse(readFileSync('out/vitest.json', 'utf8'));
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests;
  totals.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  if (v.numFailedTests) failures.push(`${v.numFailedTests} vitest test(s)`);
  if (!unitOk && v.numFailedTests === 0) check('vitest run (suite error)', false);
} else check('vitest run', false);

check('build:web', run('build the web UI', 'npm', ['run', 'build:web']));

rmSync('out/playwright.json', { force: true });
const e2eOk = run('end-to-end tests', 'npx', ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: 'out/playwright.json',
});
if (existsSync('out/playwright.json')) {
  const p = JSON.parse(readFileSync('out/playwright.json', 'utf8'));
  const s = p.stats ?? {};
  totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  totals.failed += s.unexpected ?? 0;
  totals.skipped += s.skipped ?? 0;
  if (s.unexpected) failures.push(`${s.unexpected} Playwright test(s)`);
  if (!e2eOk && !s.unexpected) check('playwright run (suite error)', false);
} else check('playwright run', false);

if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(totals.failed ? 1 : 0);
