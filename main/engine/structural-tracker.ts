/**
 * Structural sightings of the user's MAC (DESIGN §5): the places every device that joins a
 * network puts its own address — Ethernet and 802.11 headers, ARP, DHCP's chaddr and client
 * identifier, DHCPv6 DUIDs, NDP link-layer address options. They show the phone is on the link,
 * not that something sent its identifier somewhere, so they are counted here and reported as
 * `structural` records, never as leaks.
 *
 * Deduplication and re-emission policy: one record per (identifier, protocol, field), e.g. the
 * user's MAC as "ethernet / source address". `count` is the number of packets in which that
 * field held the MAC; `frame` and `ts` are the first such packet, which stays the evidence to
 * show. A record is emitted when the tracker is drained after its first sighting and re-emitted
 * (same key, higher count; the last copy wins, as for flows) at most once per drain while the
 * count grows. The engine drains once per batch of input, so a MAC in every packet of a long
 * capture costs one record per batch, not one per packet.
 *
 * Cost: the per-packet check is one Map lookup of the frame's MAC strings (the link decoders
 * hand out cached string objects whose hash V8 keeps, so the lookup does not rehash them); a
 * string comparison against each user MAC measured slower. Before it, the last two characters
 * of a colon-form MAC are looked up in a small table of those of the user's MACs: nearly every
 * address fails there, which costs a fraction of the Map lookup. Nothing is allocated unless a
 * field holds one of the user's MACs.
 */
import type { StructuralRecord } from '../../shared/events';
import type { Identifier } from '../../shared/identifier-types';
import {
  LINKTYPE_IEEE802_11,
  LINKTYPE_IEEE802_11_AVS,
  LINKTYPE_IEEE802_11_PRISM,
  LINKTYPE_IEEE802_11_RADIOTAP,
} from './link/link-layer';

export type StructuralProtocol = StructuralRecord['protocol'];

/** An identifier as the engine validated it: `canonical` is checkIdentifier's form. */
export interface StructuralIdentifier {
  identifier: Identifier;
  canonical: string;
  index: number;
}

interface Entry {
  record: StructuralRecord;
  dirty: boolean;
}

/** Length of a MAC in colon form, "aa:bb:cc:dd:ee:ff". */
const COLON_MAC_LENGTH = 17;

/** Index into the tail table for the last two characters of a colon-form MAC. */
function tailIndex(mac: string): number {
  return ((mac.charCodeAt(COLON_MAC_LENGTH - 2) & 0x7f) << 7) | (mac.charCodeAt(COLON_MAC_LENGTH - 1) & 0x7f);
}

interface UserMac {
  index: number;
  kind: string;
  label: string;
  /** Lower-case colon form, as the link decoders format MACs. */
  mac: string;
  /** protocol -> field -> entry: constant strings as keys, so a sighting builds no key. */
  entries: Map<StructuralProtocol, Map<string, Entry>>;
}

/**
 * The protocol a frame's own addresses belong to: 802.11 for radio captures (bare or behind
 * radiotap, Prism or AVS headers), else Ethernet (Linux cooked captures carry the Ethernet
 * source address of the frame they summarise).
 */
export function linkProtocolOf(linkType: number): StructuralProtocol {
  return linkType === LINKTYPE_IEEE802_11 ||
    linkType === LINKTYPE_IEEE802_11_RADIOTAP ||
    linkType === LINKTYPE_IEEE802_11_PRISM ||
    linkType === LINKTYPE_IEEE802_11_AVS
    ? '802.11'
    : 'ethernet';
}

export class StructuralTracker {
  /** MAC (colon form) -> the identifiers with that value (one, unless the user entered it twice). */
  private readonly byMac = new Map<string, UserMac[]>();
  private readonly byIndex = new Map<number, UserMac>();
  /**
   * 1 at tailIndex of every user MAC of colon-form length. A MAC of that length whose entry is 0
   * is none of them (other strings always go to the Map).
   */
  private readonly tails = new Uint8Array(1 << 14);
  private readonly dirty: Entry[] = [];
  /** False when the user gave no MAC: the engine then skips every check. */
  readonly active: boolean;

  constructor(identifiers: readonly StructuralIdentifier[]) {
    for (const id of identifiers) {
      if (id.identifier.kind !== 'mac') continue;
      const user: UserMac = {
        index: id.index,
        kind: id.identifier.kind,
        label: id.identifier.label ?? id.identifier.kind,
        mac: id.canonical,
        entries: new Map(),
      };
      if (user.mac.length === COLON_MAC_LENGTH) this.tails[tailIndex(user.mac)] = 1;
      const same = this.byMac.get(user.mac);
      if (same) same.push(user);
      else this.byMac.set(user.mac, [user]);
      this.byIndex.set(id.index, user);
    }
    this.active = this.byIndex.size > 0;
  }

  /** A MAC (colon form) found in a structural field; counts it when it is one of the user's. */
  sawMac(
    mac: string | null | undefined,
    protocol: StructuralProtocol,
    field: string,
    frame: number,
    ts: number,
  ): void {
    if (!mac) return;
    if (mac.length === COLON_MAC_LENGTH && this.tails[tailIndex(mac)] === 0) return;
    const users = this.byMac.get(mac);
    if (users === undefined) return;
    for (const user of users) this.count(user, protocol, field, frame, ts);
  }

  /**
   * The identifier matcher found identifier `index` (a MAC, in any written form) inside a
   * structural field, e.g. a client identifier sent as text. Ignored for other identifiers.
   */
  sawIdentifier(index: number, protocol: StructuralProtocol, field: string, frame: number, ts: number): void {
    const user = this.byIndex.get(index);
    if (user) this.count(user, protocol, field, frame, ts);
  }

  /** True when identifier `index` is one of the user's MACs. */
  isMac(index: number): boolean {
    return this.byIndex.has(index);
  }

  /** Records whose count changed since the last drain, in the order they first changed. */
  drain(): StructuralRecord[] {
    if (this.dirty.length === 0) return [];
    const out = this.dirty.map((e) => {
      e.dirty = false;
      return { ...e.record };
    });
    this.dirty.length = 0;
    return out;
  }

  private count(user: UserMac, protocol: StructuralProtocol, field: string, frame: number, ts: number): void {
    let fields = user.entries.get(protocol);
    if (!fields) {
      fields = new Map();
      user.entries.set(protocol, fields);
    }
    let entry = fields.get(field);
    if (!entry) {
      entry = {
        record: {
          type: 'structural',
          frame,
          ts,
          kind: user.kind,
          label: user.label,
          identifier: user.index,
          protocol,
          field,
          count: 0,
        },
        dirty: false,
      };
      fields.set(field, entry);
    }
    entry.record.count++;
    if (!entry.dirty) {
      entry.dirty = true;
      this.dirty.push(entry);
    }
  }
}
