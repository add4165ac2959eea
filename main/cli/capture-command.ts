/**
 * `phonehome capture`: capture live from an interface through a capture backend, print each
 * record as an NDJSON line as soon as the engine knows it (and a capture-stats line every
 * second), and on SIGINT or SIGTERM finish the saved file and print the summary. Flow and leak
 * records grow while the capture runs, so the same flowId or leakId can be printed again; the
 * later line replaces the earlier one. Output is written a batch of whole lines at a time, so a
 * reader of a pipe never sees half a record and sees each batch as soon as it is known.
 * Exit codes: 0 stopped by a signal, 3 the capture could not start or failed.
 */
import { checkReceiveOffloads } from '../capture/offload-warning';
import type { EngineRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import type { BackendName } from '../capture/capture-backend';
import { backendFor, chooseBackend, probeBackends } from '../capture/choose-backend';
import { CaptureError, startLiveCapture, type LiveCapture } from '../capture/live-capture';
import { defaultEnrichData } from '../services/enrich-data';

export interface CaptureCommandOptions {
  interfaceName: string;
  filter: string | null;
  identifiers: Identifier[];
  writePath: string | null;
  backend?: 'auto' | BackendName;
}

export async function runCapture(opts: CaptureCommandOptions): Promise<number> {
  const print = (records: EngineRecord[]): void => {
    let text = '';
    for (const r of records) {
      if (r.type === 'stats' || r.type === 'summary') continue;
      text += `${JSON.stringify(r)}\n`;
    }
    if (text) process.stdout.write(text);
  };
  const fail = (message: string): number => {
    process.stderr.write(`phonehome: capture: ${message}\n`);
    return 3;
  };

  const [probe, offloads] = await Promise.all([
    probeBackends(opts.interfaceName),
    checkReceiveOffloads(opts.interfaceName),
  ]);
  if (offloads) process.stderr.write(`phonehome: capture: ${offloads}\n`);
  const choice = chooseBackend(opts.backend ?? 'auto', probe);
  if ('error' in choice) return fail(choice.error);

  let capture: LiveCapture;
  try {
    capture = await startLiveCapture({
      interfaceName: opts.interfaceName,
      filter: opts.filter ?? undefined,
      identifiers: opts.identifiers,
      writePath: opts.writePath,
      backend: backendFor(choice.name, probe),
      enrich: defaultEnrichData().enricher,
      onRecords: print,
      onWarning: (text) => process.stderr.write(`phonehome: capture (${choice.name}): ${text}\n`),
    });
  } catch (err) {
    if (err instanceof CaptureError) return fail(err.message);
    throw err;
  }
  const onSignal = (): void => void capture.stop().catch(() => undefined);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Announced only once the handlers are in place, so a caller that signals on seeing this line
  // always gets a finished file and a summary.
  process.stderr.write(
    `phonehome: capturing on ${opts.interfaceName} (backend ${choice.name}: ${choice.reason})` +
      (opts.writePath ? `, saving to ${opts.writePath}` : '') +
      '; press Ctrl-C to stop.\n',
  );
  try {
    const result = await capture.finished;
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(`${JSON.stringify(result.summary)}\n`, (e) => (e ? reject(e) : resolve())),
    );
    return 0;
  } catch (err) {
    if (err instanceof CaptureError) return fail(err.message);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
