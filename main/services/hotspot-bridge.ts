/**
 * The session's view of the hotspot: the last known status, and the device list (the DHCP
 * server's leases merged with the devices the engine saw). While a hotspot is up the leases are
 * read every LEASE_POLL_MS; the list is announced only when it changed. The manager itself
 * (main/hotspot) does the work and is injected, so tests can pass a stand-in for the OS layer.
 */
import type { DeviceRecord } from '../../shared/events';
import {
  DOWN_HOTSPOT,
  type DeviceInfo,
  type HotspotOptions,
  type HotspotStatus,
} from '../../shared/live-types';
import { mergeDevices, type HotspotManager } from '../hotspot';

export const LEASE_POLL_MS = 2000;

export interface HotspotBridgeOptions {
  manager: () => HotspotManager;
  onStatus(status: HotspotStatus): void;
  onDevices(devices: DeviceInfo[]): void;
  pollMs?: number;
}

export class HotspotBridge {
  status: HotspotStatus = DOWN_HOTSPOT;
  devices: DeviceInfo[] = [];
  private leases: DeviceInfo[] = [];
  private records = new Map<string, DeviceRecord>();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private refreshed: Promise<HotspotStatus> | null = null;
  private disposed = false;

  constructor(private readonly opts: HotspotBridgeOptions) {}

  /** Ask the manager once (the first snapshot does), so a hotspot left up from before shows. */
  refreshOnce(): Promise<HotspotStatus> {
    this.refreshed ??= this.refresh().catch(() => this.status);
    return this.refreshed;
  }

  async refresh(): Promise<HotspotStatus> {
    return this.setStatus(await this.opts.manager().status());
  }

  async up(options: HotspotOptions): Promise<HotspotStatus> {
    this.setStatus({
      ...this.status,
      state: 'starting',
      provider: options.provider,
      interface: options.interface,
    });
    try {
      return this.setStatus(await this.opts.manager().up(options));
    } catch (err) {
      this.setStatus({ ...this.status, state: 'error', error: (err as Error).message });
      throw err;
    }
  }

  async down(): Promise<HotspotStatus> {
    this.setStatus({ ...this.status, state: 'stopping' });
    try {
      return this.setStatus(await this.opts.manager().down());
    } catch (err) {
      this.setStatus({ ...this.status, state: 'error', error: (err as Error).message });
      throw err;
    }
  }

  async listDevices(): Promise<DeviceInfo[]> {
    if (this.status.state === 'up') await this.pollLeases();
    return this.devices;
  }

  /** Device records the engine produced (the last copy per MAC wins). */
  addRecords(records: readonly DeviceRecord[]): void {
    if (records.length === 0) return;
    for (const r of records) this.records.set(r.mac, r);
    this.publishDevices();
  }

  /** A new session: the engine's devices are gone, the leases stay. */
  clearRecords(): void {
    this.records = new Map();
    this.publishDevices();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private setStatus(status: HotspotStatus): HotspotStatus {
    const changed = JSON.stringify(status) !== JSON.stringify(this.status);
    this.status = status;
    if (changed && !this.disposed) this.opts.onStatus(status);
    if (status.state === 'up' && !this.timer && !this.disposed) {
      this.timer = setInterval(() => void this.pollLeases(), this.opts.pollMs ?? LEASE_POLL_MS);
      void this.pollLeases();
    } else if (status.state !== 'up' && status.state !== 'starting' && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.leases = [];
      this.publishDevices();
    }
    return status;
  }

  private async pollLeases(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      this.leases = await this.opts.manager().leases();
      this.publishDevices();
    } catch {
      // A lease file being rewritten reads as nothing for a moment; the next poll catches up.
    } finally {
      this.polling = false;
    }
  }

  private publishDevices(): void {
    const devices = mergeDevices(this.leases, [...this.records.values()]);
    if (JSON.stringify(devices) === JSON.stringify(this.devices)) return;
    this.devices = devices;
    if (!this.disposed) this.opts.onDevices(devices);
  }
}
