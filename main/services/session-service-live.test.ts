/**
 * Live captures through the session service, as root on a veth pair made for each test, which
 * it then deletes. A live capture whose interface goes away (a USB adapter unplugged, a hotspot taken down): the
 * session still finalises the file and opens it for review, and the live state says what
 * happened in words. Runs as root on a veth pair made for the test, which it then deletes.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveCaptureState } from '../../shared/live-types';
import { createVethLab, vethLabUnavailable, type VethLab } from '../capture/test-support/veth-lab';
import { sourceEngineWorker } from './engine-worker-factory';
import { createSessionService } from './session-service';
import { createHotspotStandIn } from './testing/hotspot-stand-in';

const labMissing = vethLabUnavailable();

type Service = ReturnType<typeof createSessionService>;

/** A session service with a real engine worker, a veth lab, and their clean-up. */
async function withLiveService(tag: string, body: (service: Service, lab: VethLab) => Promise<void>) {
  const dataDir = mkdtempSync(join(tmpdir(), `phonehome-live-${tag}-`));
  const lab = createVethLab(tag);
  const service = createSessionService({
    dataDir,
    sampleDir: null,
    engineWorker: sourceEngineWorker,
    hotspot: createHotspotStandIn(),
  });
  try {
    await service.ready;
    await body(service, lab);
  } finally {
    lab.close();
    await service.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Start a capture on the lab's host end and send `count` datagrams; wait until they are counted. */
async function captureDatagrams(service: Service, lab: VethLab, count: number): Promise<void> {
  await service.commands.startCapture({ interface: lab.hostIf });
  await sendAndWait(service, lab, count);
}

async function sendAndWait(service: Service, lab: VethLab, count: number): Promise<void> {
  const before = (await service.commands.getSnapshot()).captureStats?.packets ?? 0;
  await lab.sendUdp(9, count);
  const deadline = Date.now() + 5000;
  while (
    ((await service.commands.getSnapshot()).captureStats?.packets ?? 0) < before + count &&
    Date.now() < deadline
  ) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(labMissing !== null)(
  `live captures through the session service (${labMissing ?? 'root'})`,
  () => {
    it(
      'ends in review with the packets captured so far and an error that names the interface',
      () =>
        withLiveService('ll', async (service, lab) => {
          const states: LiveCaptureState[] = [];
          service.subscribe((event, payload) => {
            if (event === 'live') states.push(payload as LiveCaptureState);
          });
          await captureDatagrams(service, lab, 20);
          lab.close();
          const deadline = Date.now() + 10_000;
          while (states[states.length - 1]?.state !== 'error' && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 50));
          }
          await service.idle();
          const snap = await service.commands.getSnapshot();
          expect(states.map((s) => s.state)).toEqual(['starting', 'capturing', 'stopping', 'error']);
          expect(snap.live.error).toBe(
            `the interface ${lab.hostIf} went away (unplugged, or its hotspot was taken down); what was captured until then is saved`,
          );
          expect(snap.phase).toBe('ready');
          expect(snap.capture?.source).toBe('live');
          expect(existsSync(snap.capture!.path!)).toBe(true);
          // The 20 datagrams (and any ARP before them) were saved and analysed again from the file.
          expect(snap.summary!.packets).toBeGreaterThanOrEqual(20);
          expect(snap.records.some((r) => r.type === 'flow' && r.transport === 'udp')).toBe(true);
        }),
      40_000,
    );

    it(
      'keeps each marker once through the stop, and brings them back when the file is opened again',
      () =>
        withLiveService('lm', async (service, lab) => {
          const markersOf = async () =>
            (await service.commands.getSnapshot()).records
              .filter((r) => r.type === 'marker')
              .map((r) => (r.type === 'marker' ? [r.label, r.frame !== null] : []));
          await captureDatagrams(service, lab, 5);
          await service.commands.addMarker('sent SMS');
          await sendAndWait(service, lab, 5);
          await service.commands.addMarker('opened the "cloud" app');
          await service.commands.stopCapture();
          await service.idle();
          const expected = [
            ['sent SMS', true],
            ['opened the "cloud" app', true],
          ];
          expect(await markersOf()).toEqual(expected);
          const path = (await service.commands.getSnapshot()).capture!.path!;
          await service.commands.openCapture(path);
          await service.idle();
          expect(await markersOf()).toEqual(expected);
        }),
      40_000,
    );
  },
);
