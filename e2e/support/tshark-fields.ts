/**
 * tshark as the tests' oracle: the requested fields of every frame that matches a display filter,
 * one row per frame. `twoPass` (-2) and `prefs` (-o name:value) match the corpus oracle's
 * options where a test compares with it. tshark's failure is an error that quotes its stderr.
 */
import { spawnSync } from 'node:child_process';

export interface TsharkFieldsOptions {
  twoPass?: boolean;
  prefs?: readonly string[];
}

export function tsharkFields(
  file: string,
  filter: string,
  fields: readonly string[],
  opts: TsharkFieldsOptions = {},
): string[][] {
  const args = ['-r', file, '-n'];
  if (opts.twoPass) args.push('-2');
  for (const p of opts.prefs ?? []) args.push('-o', p);
  args.push('-Y', filter, '-T', 'fields', '-E', 'separator=|', ...fields.flatMap((f) => ['-e', f]));
  const r = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`tshark -Y '${filter}' on ${file} failed: ${r.stderr || r.error?.message}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('|'));
}
