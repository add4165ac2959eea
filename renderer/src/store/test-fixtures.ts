/**
 * Fakes and record builders for the store tests: a scheduler whose clocks the test advances by
 * hand, a bridge whose events the test emits, and records with sensible defaults.
 */
import type { Commands, EventListener, EventName, ServerEvents, SessionSnapshot } from '../../../shared/api';
import type { DnsRecord, FlowRecord, LeakRecord } from '../../../shared/events';
import type { ApiBridge } from '../bridge/types';
import type { Scheduler } from './scheduler';
import { DOWN_HOTSPOT, IDLE_LIVE } from '../../../shared/live-types';

export class FakeScheduler implements Scheduler {
  private next = 1;
  readonly frames = new Map<number, () => void>();
  readonly timers = new Map<number, { callback: () => void; ms: number }>();

  requestFrame(callback: () => void): number {
    const id = this.next++;
    this.frames.set(id, callback);
    return id;
  }
  cancelFrame(handle: number): void {
    this.frames.delete(handle);
  }
  setTimer(callback: () => void, ms: number): number {
    const id = this.next++;
    this.timers.set(id, { callback, ms });
    return id;
  }
  clearTimer(handle: number): void {
    this.timers.delete(handle);
  }
  /** The fake clock; tests move it to make work look slow. */
  time = 0;
  /** Added to the clock on every reading, to simulate work that takes that long. */
  costPerReading = 0;
  now(): number {
    this.time += this.costPerReading;
    return this.time;
  }
  /** Fires every animation frame requested so far (not those requested while firing). */
  runFrames(): void {
    const due = Array.from(this.frames.values());
    this.frames.clear();
    for (const f of due) f();
  }
  runTimers(): void {
    const due = Array.from(this.timers.values());
    this.timers.clear();
    for (const t of due) t.callback();
  }
}

export function snapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    phase: 'ready',
    capture: { name: 'a.pcapng', path: '/tmp/a.pcapng', size: 100, source: 'file', startedAt: 0 },
    progress: null,
    identifiers: [],
    checks: [],
    records: [],
    summary: null,
    error: null,
    sampleAvailable: true,
    live: IDLE_LIVE,
    hotspot: DOWN_HOTSPOT,
    devices: [],
    captureStats: null,
    ...overrides,
  };
}

export class FakeBridge implements ApiBridge {
  readonly mode = 'web' as const;
  private listener: EventListener | null = null;
  readonly calls: { name: string; args: unknown[] }[] = [];
  snapshot: SessionSnapshot = snapshot();
  /** Resolves getSnapshot; tests may hold it back to order it against events. */
  releaseSnapshot: (() => void) | null = null;
  holdSnapshot = false;
  /** What other commands answer; an Error is thrown as the call's rejection. */
  answers: Partial<Record<keyof Commands, unknown>> = {};

  call<K extends keyof Commands>(name: K, ...args: Parameters<Commands[K]>): ReturnType<Commands[K]> {
    this.calls.push({ name, args });
    if (name === 'getSnapshot') {
      return new Promise((resolve) => {
        const release = () => resolve(this.snapshot);
        if (this.holdSnapshot) this.releaseSnapshot = release;
        else release();
      }) as ReturnType<Commands[K]>;
    }
    const answer = this.answers[name];
    return (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer)) as ReturnType<
      Commands[K]
    >;
  }

  subscribe(listener: EventListener): () => void {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }

  emit<E extends EventName>(event: E, payload: ServerEvents[E]): void {
    this.listener?.(event, payload);
  }

  async openFile(): Promise<void> {}
  async saveCapture(): Promise<void> {}
}

export function flow(flowId: number, overrides: Partial<FlowRecord> = {}): FlowRecord {
  return {
    type: 'flow',
    flowId,
    transport: 'tcp',
    client: '192.0.2.10:40000',
    server: '203.0.113.5:443',
    protocol: 'tls',
    host: null,
    firstTs: 1,
    lastTs: 2,
    firstFrame: 1,
    packets: 1,
    bytesOut: 10,
    bytesIn: 20,
    leaks: 0,
    ...overrides,
  };
}

export function leak(leakId: number, overrides: Partial<LeakRecord> = {}): LeakRecord {
  return {
    type: 'leak',
    leakId,
    frame: 5,
    frames: [5],
    ts: 1,
    kind: 'imei',
    label: 'test phone',
    identifier: 0,
    encoding: 'plain',
    protocol: 'http',
    transport: 'tcp',
    where: 'query',
    client: '192.0.2.10:40000',
    server: '203.0.113.5:80',
    host: 'api.example.com',
    direction: 'out',
    context: 'imei=867•••••••••678',
    flowId: 1,
    offset: 10,
    length: 15,
    count: 1,
    occurrenceFrames: [5],
    ...overrides,
  };
}

export function dnsAnswer(qname: string, answers: string[], frame = 1): DnsRecord {
  return {
    type: 'dns',
    frame,
    ts: 1,
    proto: 'dns',
    transport: 'udp',
    client: '192.0.2.10:5353',
    server: '192.0.2.1:53',
    id: 1,
    response: true,
    qname,
    qtype: 'A',
    answers,
    flowId: 99,
  };
}
