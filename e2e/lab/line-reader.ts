/**
 * Lines of a child's output, each stamped with the time it arrived, and a way to wait for one.
 * The lab's processes talk in JSON lines; tests measure latency from the arrival stamps.
 */
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

export interface Line {
  /** Date.now() when the line arrived. */
  at: number;
  text: string;
}

/** How many lines a reader keeps; older ones are dropped (a long benchmark prints many). */
const MAX_LINES = 200_000;

export class LineReader {
  readonly lines: Line[] = [];
  /** Lines dropped from the front to keep memory bounded; indexes into `lines` shift by this. */
  dropped = 0;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  constructor(stream: Readable) {
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    rl.on('line', (text) => {
      this.lines.push({ at: Date.now(), text });
      if (this.lines.length > MAX_LINES) {
        const cut = this.lines.length - MAX_LINES / 2;
        this.lines.splice(0, cut);
        this.dropped += cut;
      }
      this.wake();
    });
    rl.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The number of lines seen so far, including dropped ones: a position to wait from. */
  get position(): number {
    return this.dropped + this.lines.length;
  }

  /** Lines from a position on (see `position`). */
  since(position: number): Line[] {
    return this.lines.slice(Math.max(0, position - this.dropped));
  }

  /**
   * The first line at or after `from` that satisfies `test`; rejects after `timeoutMs`, or as
   * soon as the stream ends without one, with the last lines in the message.
   */
  waitFor(test: (line: Line) => boolean, timeoutMs: number, what: string, from = 0): Promise<Line> {
    return new Promise((resolve, reject) => {
      let checked = Math.max(from, this.dropped);
      const check = (): void => {
        for (; checked < this.position; checked++) {
          const line = this.lines[checked - this.dropped];
          if (test(line)) {
            done();
            resolve(line);
            return;
          }
        }
        if (this.closed) {
          done();
          reject(new Error(`${what}: the output ended first; last lines:\n${this.tail(10)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${what}: not seen within ${timeoutMs} ms; last lines:\n${this.tail(10)}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** The last lines as text, for error messages. */
  tail(n: number): string {
    return this.lines
      .slice(-n)
      .map((l) => `  ${l.text}`)
      .join('\n');
  }
}

/** The JSON object on a line, or null for a line that is not one. */
export function jsonOf(line: Line): Record<string, unknown> | null {
  if (!line.text.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(line.text);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
