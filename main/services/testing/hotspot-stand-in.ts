/**
 * A stand-in for the hotspot manager's OS layer, for service and transport tests: the same
 * HotspotManager interface, with the state kept in memory. After `up`, its lease table holds one
 * phone (a DHCP lease), as dnsmasq's would once a phone joined. The real manager is tested by
 * main/hotspot's own tests.
 */
import {
  DOWN_HOTSPOT,
  type DeviceInfo,
  type HotspotStatus,
  type NetworkInterfaceInfo,
} from '../../../shared/live-types';
import type { HotspotManager, HotspotUpOptions } from '../../hotspot';

export const STAND_IN_PHONE: DeviceInfo = {
  mac: '64:09:80:3c:5e:21',
  vendor: 'Xiaomi Communications Co Ltd',
  randomized: false,
  hostname: 'Redmi-Note',
  vendorClass: 'android-dhcp-13',
  ipv4: ['10.42.0.23'],
  ipv6: [],
  firstSeen: 1_700_000_000,
  lastSeen: 1_700_000_100,
  bytes: 0,
  sources: ['dhcp'],
};

export const STAND_IN_INTERFACES: NetworkInterfaceInfo[] = [
  { name: 'lo', kind: 'loopback', up: true, mac: null, addresses: ['127.0.0.1/8'], apCapable: false },
  { name: 'wlx0', kind: 'wifi', up: true, mac: '02:00:00:00:00:01', addresses: [], apCapable: true },
];

const DOWN: HotspotStatus = {
  ...DOWN_HOTSPOT,
  guidance: 'No hotspot is up.',
  prerequisites: [{ name: 'dnsmasq', ok: true, message: 'dnsmasq is installed' }],
};

export interface HotspotStandIn extends HotspotManager {
  /** Every call, by name, in order. */
  calls: string[];
}

export function createHotspotStandIn(): HotspotStandIn {
  let status: HotspotStatus = DOWN;
  const calls: string[] = [];
  return {
    calls,
    async status() {
      calls.push('status');
      return status;
    },
    async prerequisites() {
      calls.push('prerequisites');
      return DOWN.prerequisites;
    },
    async up(o: HotspotUpOptions) {
      calls.push(`up ${o.provider} ${o.interface}`);
      status = {
        ...DOWN,
        provider: o.provider,
        state: 'up',
        interface: o.interface,
        ssid: o.ssid ?? null,
        gateway: '10.42.0.1/24',
        subnet: '10.42.0.0/24',
        guidance: `Connect the phone to ${o.interface}.`,
      };
      return status;
    },
    async down() {
      calls.push('down');
      status = DOWN;
      return status;
    },
    async leases() {
      calls.push('leases');
      return status.state === 'up' ? [STAND_IN_PHONE] : [];
    },
    async listInterfaces() {
      calls.push('listInterfaces');
      return STAND_IN_INTERFACES;
    },
  };
}
