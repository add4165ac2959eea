/**
 * Receive offloads (GRO, LRO) merge consecutive TCP segments into one large frame before a
 * capture sees them, so a capture on the hotspot interface would show frames bigger than the
 * MTU that never crossed the wire. The provider turns them off on the interface it owns and
 * turns them back on at `down`. Reads `ethtool -k` text; unknown lines are ignored.
 */

export type OffloadFeature = 'gro' | 'lro';

const LONG_NAMES: Record<string, OffloadFeature> = {
  'generic-receive-offload': 'gro',
  'large-receive-offload': 'lro',
};

export interface OffloadState {
  feature: OffloadFeature;
  on: boolean;
  /** The driver does not allow changing it ("[fixed]"). */
  fixed: boolean;
}

/** `ethtool -k IF` lines look like "generic-receive-offload: on" or "large-receive-offload: off [fixed]". */
export function parseOffloads(text: string): OffloadState[] {
  const out: OffloadState[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*([a-z-]+):\s+(on|off)(\s+\[(?:requested \w+ )?fixed\])?\s*$/.exec(line);
    if (!m) continue;
    const feature = LONG_NAMES[m[1]];
    if (feature) out.push({ feature, on: m[2] === 'on', fixed: !!m[3] });
  }
  return out;
}

export interface OffloadPlan {
  /** Features to switch off (on and changeable). */
  toDisable: OffloadFeature[];
  /** Features that stay on because the driver fixes them. */
  stuckOn: OffloadFeature[];
}

export function planOffloads(states: readonly OffloadState[]): OffloadPlan {
  return {
    toDisable: states.filter((s) => s.on && !s.fixed).map((s) => s.feature),
    stuckOn: states.filter((s) => s.on && s.fixed).map((s) => s.feature),
  };
}

export function offloadArgs(
  iface: string,
  features: readonly OffloadFeature[],
  value: 'on' | 'off',
): string[] {
  return ['-K', iface, ...features.flatMap((f) => [f, value])];
}
