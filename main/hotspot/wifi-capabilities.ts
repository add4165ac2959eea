/**
 * What the Wi-Fi hardware can do, from `iw list` (per radio: supported interface modes) and
 * `iw dev` (which interface sits on which radio). Text output of a local tool; lines that do not
 * fit the expected layout are ignored.
 */

export interface WifiRadio {
  /** The wiphy index ("wiphy index: 0", and "phy#0" in `iw dev`). */
  index: number;
  name: string;
  modes: string[];
}

/**
 * `iw list`: each radio starts with "Wiphy NAME"; its modes are the " * MODE" lines right under
 * "Supported interface modes:", indented deeper than that heading.
 */
export function parseIwList(text: string): WifiRadio[] {
  const radios: WifiRadio[] = [];
  let current: WifiRadio | null = null;
  let modeIndent = -1;
  for (const line of text.split('\n')) {
    const indent = line.length - line.trimStart().length;
    const body = line.trim();
    const wiphy = /^Wiphy (\S+)$/.exec(body);
    if (wiphy && indent === 0) {
      current = { index: radios.length, name: wiphy[1], modes: [] };
      radios.push(current);
      modeIndent = -1;
      continue;
    }
    if (!current) continue;
    const index = /^wiphy index: (\d+)$/.exec(body);
    if (index) current.index = Number(index[1]);
    if (body === 'Supported interface modes:') {
      modeIndent = indent;
      continue;
    }
    if (modeIndent >= 0) {
      const mode = /^\* (\S+)$/.exec(body);
      if (mode && indent > modeIndent) current.modes.push(mode[1]);
      else modeIndent = -1;
    }
  }
  return radios;
}

/** `iw dev`: interface name → wiphy index. */
export function parseIwDev(text: string): Map<string, number> {
  const map = new Map<string, number>();
  let phy: number | null = null;
  for (const line of text.split('\n')) {
    const body = line.trim();
    const p = /^phy#(\d+)$/.exec(body);
    if (p) {
      phy = Number(p[1]);
      continue;
    }
    const i = /^Interface (\S+)$/.exec(body);
    if (i && phy !== null) map.set(i[1], phy);
  }
  return map;
}

export interface WifiInventory {
  radios: WifiRadio[];
  /** Wireless interface → its radio. */
  interfaces: Map<string, WifiRadio>;
}

export function wifiInventory(iwList: string, iwDev: string): WifiInventory {
  const radios = parseIwList(iwList);
  const interfaces = new Map<string, WifiRadio>();
  for (const [name, index] of parseIwDev(iwDev)) {
    const radio = radios.find((r) => r.index === index);
    if (radio) interfaces.set(name, radio);
  }
  return { radios, interfaces };
}

export function supportsAp(radio: WifiRadio | undefined): boolean {
  return !!radio && radio.modes.includes('AP');
}
