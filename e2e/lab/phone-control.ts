/**
 * The lab's handle on a running phone simulator (phone-simulator.ts): send it a command, wait
 * for it to finish, and get back what it sent and when.
 */
import type { PhoneCommand } from './lab-network';
import { jsonOf, type Line } from './line-reader';
import type { LabProcess } from './lab';

/** One send of the phone, as phone-simulator.ts prints it. */
export interface PhoneSend {
  action: PhoneCommand;
  /** "dns", "http-post", "http-get", "tls-client-hello", "quic-initial", "xmpp-message", "udp". */
  what: string;
  /** Epoch ms right after the write that completed the identifier (DNS: when the lookup began). */
  sentAt: number;
  host?: string;
  /** "ip:port" of the server. */
  server?: string;
  sni?: string;
  qname?: string;
  answer?: string;
  seq?: number;
  bytes?: number;
}

export class PhoneSimulator {
  /** Every send so far, in order. */
  readonly sends: PhoneSend[] = [];

  constructor(readonly proc: LabProcess) {}

  /** Run one command; resolves with its sends, rejects if the phone reports a failure. */
  async run(command: PhoneCommand, timeoutMs = 20_000): Promise<PhoneSend[]> {
    const from = this.proc.stdout.position;
    this.proc.child.stdin!.write(`${command}\n`);
    const done = await this.proc.stdout.waitFor(
      (l: Line) => jsonOf(l)?.done === command,
      timeoutMs,
      `the phone's "${command}"`,
      from,
    );
    const result = jsonOf(done)!;
    if (result.ok !== true) {
      throw new Error(
        `the phone's "${command}" failed: ${String(result.error)}\n${this.proc.stderr.tail(10)}`,
      );
    }
    const sends = this.proc.stdout
      .since(from)
      .map(jsonOf)
      .filter(
        (j): j is Record<string, unknown> =>
          j !== null && j.action === command && typeof j.sentAt === 'number',
      )
      .map((j) => j as unknown as PhoneSend);
    this.sends.push(...sends);
    return sends;
  }

  /** Ask the simulator to exit and wait for it. */
  async quit(): Promise<void> {
    if (!this.proc.running) return;
    this.proc.child.stdin!.end('quit\n');
    const quitWithin = new Promise((resolve) => setTimeout(resolve, 3000).unref());
    await Promise.race([this.proc.exited, quitWithin]);
    await this.proc.stop('SIGTERM', 2000);
  }
}
