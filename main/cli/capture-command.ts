/**
 * `phonehome capture`: capture live from an interface through the capture helper, print each
 * record as an NDJSON line as soon as the engine knows it, and on SIGINT or SIGTERM finish the
 * saved file and print the summary. Flow and leak records grow while the capture runs, so the
 * same flowId or leakId can be printed again; the later line replaces the earlier one.
 * Exit codes: 0 stopped by a signal, 3 the capture could not start or failed.
 */
import type { EngineRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import { CaptureError, startLiveCapture, type LiveCapture } from '../capture/live-capture';

export interface CaptureCommandOptions {
  interfaceName: string;
  filter: string | null;
  identifiers: Identifier[];
  writePath: string | null;
}

export async function runCapture(opts: CaptureCommandOptions): Promise<number> {
  const print = (records: EngineRecord[]): void => {
    let text = '';
    for (const r of records) {
      if (r.type === 'stats' || r.type === 'summary') continue;
      text += `${JSON.stringify(r)}\n`;
    }
    // One write per batch of whole lines, so a reader never sees half a record.
    if (text) process.stdout.write(text);
  };

  let capture: LiveCapture;
  try {
    capture = await startLiveCapture({
      interfaceName: opts.interfaceName,
      filter: opts.filter ?? undefined,
      identifiers: opts.identifiers,
      writePath: opts.writePath,
      onRecords: print,
      onWarning: (text) => process.stderr.write(`phonehome: capture helper: ${text}\n`),
    });
  } catch (err) {
    if (err instanceof CaptureError) {
      process.stderr.write(`phonehome: capture: ${err.message}\n`);
      return 3;
    }
    throw err;
  }
  const onSignal = (): void => void capture.stop().catch(() => undefined);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Announced only once the handlers are in place, so a caller that signals on seeing this line
  // always gets a finished file and a summary.
  process.stderr.write(
    `phonehome: capturing on ${capture.ready.interface}` +
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
    if (err instanceof CaptureError) {
      process.stderr.write(`phonehome: capture: ${err.message}\n`);
      return 3;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
