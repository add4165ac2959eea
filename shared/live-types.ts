/**
 * Types of the live side of the contract: network interfaces, hotspot providers, the devices on
 * a hotspot, and the state of a live capture. Plain JSON, shared by services, CLI and UI.
 */

export type HotspotProviderName = 'networkmanager' | 'hostapd' | 'wired-share' | 'existing';

/** A network interface the services can capture on or share a hotspot from. */
export interface NetworkInterfaceInfo {
  name: string;
  /** "wifi", "ethernet", "loopback", "bridge", "virtual" or "other". */
  kind: string;
  up: boolean;
  mac: string | null;
  addresses: string[];
  /** The interface can put a Wi-Fi card in AP mode (nl80211 reports "AP" among supported modes). */
  apCapable: boolean;
}

export interface HotspotOptions {
  provider: HotspotProviderName;
  /** The interface the phone joins: the Wi-Fi card, the USB/Ethernet port, or the OS's shared adapter. */
  interface: string;
  /** Where traffic goes on to the internet; null for an isolated hotspot (the lab's internet namespace still works). */
  upstream?: string | null;
  /** Wi-Fi only. */
  ssid?: string;
  password?: string;
  /** IPv4 subnet handed out, CIDR, e.g. "10.42.0.0/24"; the provider picks an unused one when absent. */
  subnet?: string;
  /** Upstream DNS servers for the hotspot's resolver; the system's when absent. */
  dnsServers?: string[];
}

/** One missing piece that stops a provider, with what to do about it. */
export interface Prerequisite {
  name: string;
  ok: boolean;
  /** What is missing and how to get it, e.g. "dnsmasq not found: apt install dnsmasq-base". */
  message: string;
}

export interface HotspotStatus {
  provider: HotspotProviderName | null;
  state: 'down' | 'starting' | 'up' | 'stopping' | 'error';
  interface: string | null;
  ssid: string | null;
  /** The hotspot's own address on the phone side, CIDR. */
  gateway: string | null;
  subnet: string | null;
  /** Guidance for the user (how to join, what the OS shares), in sentences. */
  guidance: string | null;
  error: string | null;
  prerequisites: Prerequisite[];
}

/** No hotspot, and nothing known about one yet: where the services and the UI start. */
export const DOWN_HOTSPOT: HotspotStatus = {
  provider: null,
  state: 'down',
  interface: null,
  ssid: null,
  gateway: null,
  subnet: null,
  guidance: null,
  error: null,
  prerequisites: [],
};

/** A device on the hotspot: DHCP leases merged with what the engine saw (DeviceRecord). */
export interface DeviceInfo {
  mac: string;
  vendor: string | null;
  randomized: boolean;
  hostname: string | null;
  vendorClass: string | null;
  ipv4: string[];
  ipv6: string[];
  firstSeen: number;
  lastSeen: number;
  bytes: number;
  /** From the DHCP server's lease table, the engine's dissection, or both. */
  sources: string[];
}

export interface StartCaptureOptions {
  interface: string;
  /** A BPF filter; when absent and `deviceMac` is set, `ether host <mac>`. */
  filter?: string | null;
  deviceMac?: string | null;
  /** Capture backend; "auto" picks direct when privileged, else dumpcap, else pkexec. */
  backend?: 'auto' | 'direct' | 'pkexec' | 'dumpcap';
}

export interface LiveCaptureState {
  state: 'idle' | 'starting' | 'capturing' | 'stopping' | 'error';
  interface: string | null;
  filter: string | null;
  backend: string | null;
  /** The pcapng being written. */
  path: string | null;
  startedAt: number | null;
  error: string | null;
}

/** No capture running or starting. */
export const IDLE_LIVE: LiveCaptureState = {
  state: 'idle',
  interface: null,
  filter: null,
  backend: null,
  path: null,
  startedAt: null,
  error: null,
};
