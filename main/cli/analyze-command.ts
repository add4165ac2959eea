/**
 * `phonehome analyze`: run the engine over a file in-process and print its records.
 * Flow, leak, device and structural records are re-emitted by the engine as they grow; the CLI
 * prints each one once, in its final state, at the place it first appeared.
 */
import type { EngineRecord, SummaryRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { analyzeFile, InputFileError } from '../services/analyze-file';
import { formatTable } from './table-format';

export async function runAnalyze(
  path: string,
  identifiers: Identifier[],
  format: 'ndjson' | 'json' | 'table',
): Promise<number> {
  const collected: EngineRecord[] = [];
  const flowAt = new Map<number, number>();
  const leakAt = new Map<number, number>();
  const latestAt = new Map<string, number>();
  let result;
  try {
    result = await analyzeFile(path, {
      identifiers,
      onRecords(batch) {
        for (const r of batch) {
          if (r.type === 'stats' || r.type === 'summary') continue;
          const latestKey =
            r.type === 'device'
              ? `device/${r.mac}`
              : r.type === 'structural'
                ? `structural/${r.identifier}/${r.protocol}/${r.field}`
                : null;
          if (latestKey !== null) {
            const at = latestAt.get(latestKey);
            if (at !== undefined) {
              collected[at] = r;
              continue;
            }
            latestAt.set(latestKey, collected.length);
          }
          const key = r.type === 'flow' ? flowAt : r.type === 'leak' ? leakAt : null;
          const id = r.type === 'flow' ? r.flowId : r.type === 'leak' ? r.leakId : 0;
          if (key) {
            const at = key.get(id);
            if (at !== undefined) {
              collected[at] = r;
              continue;
            }
            key.set(id, collected.length);
          }
          collected.push(r);
        }
      },
    });
  } catch (err) {
    if (err instanceof InputFileError) {
      process.stderr.write(`phonehome: ${err.message}\n`);
      return 3;
    }
    throw err;
  }
  const summary: SummaryRecord = result.summary;
  if (format === 'ndjson') {
    const lines = collected.map((r) => JSON.stringify(r));
    lines.push(JSON.stringify(summary));
    await write(`${lines.join('\n')}\n`);
  } else if (format === 'json') {
    await write(`${JSON.stringify({ records: collected, summary }, null, 2)}\n`);
  } else {
    await write(formatTable(collected, summary, path));
  }
  if (result.inputError) {
    process.stderr.write(
      `phonehome: ${path}: ${result.inputError} Records before that point were printed.\n`,
    );
    return 3;
  }
  return 0;
}

function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
