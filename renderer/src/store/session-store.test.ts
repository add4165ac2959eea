import { describe, expect, it } from 'vitest';
import type { DeviceInfo, LiveCaptureState } from '../../../shared/live-types';
import { DOWN_HOTSPOT } from '../../../shared/live-types';
import { createSessionStore, DERIVE_SPACING } from './session-store';
import { FakeBridge, FakeScheduler, flow, leak, snapshot } from './test-fixtures';

async function setup(chunkSize?: number) {
  const bridge = new FakeBridge();
  const scheduler = new FakeScheduler();
  const session = createSessionStore(bridge, scheduler, { chunkSize });
  await Promise.resolve();
  await Promise.resolve();
  return { bridge, scheduler, session, state: () => session.store.getState() };
}

describe('session store', () => {
  it('loads the initial snapshot, records included', async () => {
    const bridge = new FakeBridge();
    bridge.snapshot = snapshot({ records: [flow(1), leak(1)], sampleAvailable: false });
    const session = createSessionStore(bridge, new FakeScheduler());
    await Promise.resolve();
    await Promise.resolve();
    const s = session.store.getState();
    expect([s.loaded, s.phase, s.flows.length, s.leaks.length, s.sampleAvailable]).toEqual([
      true,
      'ready',
      1,
      1,
      false,
    ]);
  });

  it('queues records and renders them at the next flush, not per message', async () => {
    const { bridge, scheduler, session, state } = await setup();
    let renders = 0;
    session.store.subscribe(() => renders++);
    bridge.emit('records', [flow(1)]);
    bridge.emit('records', [flow(2), flow(1, { packets: 5 })]);
    expect(state().flows).toHaveLength(0);
    scheduler.runFrames();
    expect(renders).toBe(1);
    expect(state().flows.map((f) => [f.flowId, f.packets])).toEqual([
      [1, 5],
      [2, 1],
    ]);
  });

  it('on reset drops everything, including records still queued from the old session', async () => {
    const { bridge, scheduler, state } = await setup();
    bridge.emit('records', [flow(1), leak(1)]);
    scheduler.runFrames();
    bridge.emit('records', [flow(2)]);
    const before = state().generation;
    bridge.emit('reset', snapshot({ phase: 'loading', records: [flow(10)], capture: null }));
    scheduler.runFrames();
    scheduler.runTimers();
    expect(state().flows.map((f) => f.flowId)).toEqual([10]);
    expect(state().leaks).toEqual([]);
    expect(state().phase).toBe('loading');
    expect(state().generation).toBe(before + 1);
  });

  it("on 'done' applies every queued chunk before marking the session ready", async () => {
    const { bridge, state } = await setup(2);
    bridge.emit('reset', snapshot({ phase: 'loading', progress: { bytesRead: 1, totalBytes: 10 } }));
    bridge.emit('records', [flow(1), flow(2), flow(3), flow(4), flow(5)]);
    bridge.emit('done', {
      type: 'summary',
      packets: 9,
      bytes: 900,
      flows: 5,
      leaks: 0,
      suspects: 0,
      anomalies: 0,
      dns: 0,
      tls: 0,
      http: 0,
      firstTs: 1,
      lastTs: 2,
      anomalyCounts: {},
    });
    expect(state().flows).toHaveLength(5);
    expect([state().phase, state().progress, state().summary?.packets]).toEqual(['ready', null, 9]);
  });

  it('ignores a snapshot answer that arrives after a reset event', async () => {
    const bridge = new FakeBridge();
    bridge.holdSnapshot = true;
    bridge.snapshot = snapshot({ records: [flow(1)] });
    const session = createSessionStore(bridge, new FakeScheduler());
    bridge.emit('reset', snapshot({ records: [flow(2)] }));
    bridge.releaseSnapshot?.();
    await Promise.resolve();
    await Promise.resolve();
    expect(session.store.getState().flows.map((f) => f.flowId)).toEqual([2]);
  });

  it('marks a loading session as failed on an error event and keeps the message', async () => {
    const { bridge, state } = await setup();
    bridge.emit('reset', snapshot({ phase: 'loading' }));
    bridge.emit('error', { message: 'The file is not a capture.' });
    expect([state().phase, state().error]).toEqual(['error', 'The file is not a capture.']);
  });

  it('stops listening after dispose', async () => {
    const { bridge, scheduler, session, state } = await setup();
    session.dispose();
    bridge.emit('records', [flow(1)]);
    scheduler.runFrames();
    expect(state().flows).toHaveLength(0);
  });

  it('derives destinations in the same flush while that is cheap', async () => {
    const { bridge, scheduler, state } = await setup();
    bridge.emit('records', [flow(1, { host: 'a.example' }), flow(2, { host: 'b.example' })]);
    scheduler.runFrames();
    expect(
      state()
        .destinations.map((d) => d.host)
        .sort(),
    ).toEqual(['a.example', 'b.example']);
  });

  it('spaces out an expensive derivation on a timer, and makes it exact on done', async () => {
    const { bridge, scheduler, state } = await setup();
    // Every clock reading now advances 50 ms: the derivation at the reset looks expensive.
    scheduler.costPerReading = 50;
    bridge.emit('reset', snapshot({ phase: 'loading', records: [flow(1, { host: 'a.example' })] }));
    expect(state().destinations).toHaveLength(1);
    bridge.emit('records', [flow(2, { host: 'b.example' })]);
    scheduler.runFrames();
    expect(state().flows).toHaveLength(2);
    expect(state().destinations).toHaveLength(1);
    expect(Array.from(scheduler.timers.values()).map((t) => t.ms)).toEqual([50 * DERIVE_SPACING]);
    scheduler.runTimers();
    expect(state().destinations).toHaveLength(2);

    bridge.emit('records', [flow(3, { host: 'c.example' })]);
    scheduler.runFrames();
    expect(state().destinations).toHaveLength(2);
    bridge.emit('done', {
      type: 'summary',
      packets: 3,
      bytes: 3,
      flows: 3,
      leaks: 0,
      suspects: 0,
      anomalies: 0,
      dns: 0,
      tls: 0,
      http: 0,
      firstTs: 1,
      lastTs: 2,
      anomalyCounts: {},
    });
    expect(state().destinations).toHaveLength(3);
    expect(scheduler.timers.size).toBe(0);
  });
});

describe('session store: live capture, hotspot and devices', () => {
  const capturing: LiveCaptureState = {
    state: 'capturing',
    interface: 'wlan0',
    filter: 'ether host 64:09:80:3c:5e:21',
    backend: 'direct',
    path: '/tmp/live.pcapng',
    startedAt: 1_700_000_000,
    error: null,
  };
  const device: DeviceInfo = {
    mac: '64:09:80:3c:5e:21',
    vendor: 'Xiaomi Communications Co Ltd',
    randomized: false,
    hostname: 'Redmi-1S',
    vendorClass: 'android-dhcp-4.4',
    ipv4: ['10.42.0.23'],
    ipv6: [],
    firstSeen: 1,
    lastSeen: 2,
    bytes: 0,
    sources: ['dhcp'],
  };

  it('takes live state, hotspot, devices and capture counters from the snapshot', async () => {
    const bridge = new FakeBridge();
    bridge.snapshot = snapshot({
      phase: 'capturing',
      live: capturing,
      devices: [device],
      captureStats: {
        type: 'capture-stats',
        ts: 5,
        packets: 42,
        bytes: 4200,
        kernelDropped: 3,
        interfaceDropped: null,
        engineDropped: 0,
        dropSource: 'pcap_stats',
        backlogBytes: 0,
      },
    });
    const session = createSessionStore(bridge, new FakeScheduler());
    await Promise.resolve();
    await Promise.resolve();
    const s = session.store.getState();
    expect([s.live.state, s.devices[0].hostname, s.captureStats?.kernelDropped]).toEqual([
      'capturing',
      'Redmi-1S',
      3,
    ]);
  });

  it('follows live, hotspot and devices events', async () => {
    const { bridge, state } = await setup();
    bridge.emit('live', capturing);
    bridge.emit('devices', [device]);
    bridge.emit('hotspot', { ...DOWN_HOTSPOT, state: 'up', interface: 'wlan0', ssid: 'phonehome-lab' });
    expect([state().live.interface, state().devices.length, state().hotspot.ssid]).toEqual([
      'wlan0',
      1,
      'phonehome-lab',
    ]);
  });

  it('shows the marker at once, and only once when the services echo it as a record', async () => {
    const { bridge, scheduler, session, state } = await setup();
    const marker = { type: 'marker' as const, id: 1, ts: 1_700_000_010, label: 'sent SMS', frame: 120 };
    bridge.answers.addMarker = marker;
    await expect(session.actions.addMarker('sent SMS')).resolves.toEqual(marker);
    expect(state().markers.map((m) => m.label)).toEqual(['sent SMS']);
    bridge.emit('records', [marker]);
    scheduler.runFrames();
    expect(state().markers).toHaveLength(1);
    expect(bridge.calls.at(-1)).toEqual({ name: 'addMarker', args: ['sent SMS'] });
  });

  it('says what failed, in words, when a command is refused', async () => {
    const { bridge, session, state } = await setup();
    bridge.answers.startCapture = new Error('unknown command "startCapture"');
    await session.actions.startCapture({ interface: 'wlan0', deviceMac: device.mac });
    expect(state().error).toBe('Could not start capturing on wlan0: unknown command "startCapture"');
    expect(state().live.state).toBe('idle');
    bridge.answers.listInterfaces = new Error('permission denied');
    await expect(session.actions.listInterfaces()).resolves.toBeNull();
    expect(state().error).toBe('Could not list the network interfaces: permission denied');
  });
});
