/** How a device on the hotspot is named in the UI: its hostname, else its maker, else why neither. */

export interface DeviceFacts {
  mac: string;
  hostname: string | null;
  vendor: string | null;
  randomized: boolean;
}

export function deviceName(d: DeviceFacts): string {
  if (d.hostname) return d.hostname;
  if (d.randomized) return 'Randomised MAC';
  return d.vendor ?? 'Unknown maker';
}

/** The maker, or "randomised MAC" (a private address names no maker), or null. */
export function deviceVendor(d: DeviceFacts): string {
  if (d.randomized) return 'randomised MAC';
  return d.vendor ?? 'unknown maker';
}

/** The MAC an `ether host` capture filter selects, lower-case, or null. */
export function filterMac(filter: string | null | undefined): string | null {
  const m = filter ? /\bether host ((?:[0-9a-f]{2}:){5}[0-9a-f]{2})\b/i.exec(filter) : null;
  return m ? m[1].toLowerCase() : null;
}
