/**
 * Who made a network interface: the organisation the IEEE assigned the MAC address's prefix to
 * (`oui-data`, the three IEEE registries: MA-L 24-bit, MA-M 28-bit and MA-S 36-bit prefixes).
 *
 * A MAC with the locally-administered bit set (0x02 of the first byte) was not assigned by the
 * IEEE at all: phones make one up per network (MAC randomisation), so it has no vendor and is
 * reported as randomised instead.
 *
 * The registry is a 5.6 MB JSON file (53,730 prefixes). It is loaded lazily, on the first lookup
 * of a MAC that is not randomised, and once: with Node's own `require`, which parses JSON in
 * about 70 ms, instead of a static import, which would make every process that loads the engine
 * pay for it (and bundlers and test runners turn a JSON import into a 53,730-export module,
 * seconds of work). `require` is reached through process.getBuiltinModule because the engine
 * imports no Node module but zlib and crypto; this is module loading, not I/O on user data. If
 * the package cannot be loaded (a broken install), vendors are null and nothing throws.
 *
 * Nothing is built from the registry: a lookup is at most three property reads, longest prefix
 * first as the package's README says, since MA-M and MA-S blocks are carved out of MA-L blocks
 * registered to "IEEE Registration Authority". Keys are upper-case hex digits only, so no key
 * can reach a property of Object.prototype.
 */

type Registry = Record<string, string | undefined>;

let registry: Registry | null = null;

function loadRegistry(): Registry {
  if (registry === null) {
    try {
      const { createRequire } = process.getBuiltinModule('node:module');
      registry = createRequire(import.meta.url)('oui-data') as Registry;
    } catch {
      registry = {};
    }
  }
  return registry;
}

export interface MacVendor {
  /** The organisation's name (the first line of its registry entry), or null when unknown. */
  vendor: string | null;
  /** Locally administered: a randomised (private) address, which no vendor owns. */
  randomized: boolean;
}

/** Each vendor line once: a capture holds few devices but each is looked up on every update. */
const cache = new Map<string, MacVendor>();
const MAX_CACHE = 4096;

/** The vendor of a MAC in lower- or upper-case colon form ("64:09:80:3c:5e:21"). */
export function lookupVendor(mac: string): MacVendor {
  const cached = cache.get(mac);
  if (cached) return cached;
  const hex = mac.replace(/[:.-]/g, '').toUpperCase();
  const first = parseInt(hex.slice(0, 2), 16);
  let result: MacVendor;
  if (hex.length !== 12 || Number.isNaN(first)) {
    result = { vendor: null, randomized: false };
  } else if (first & 0x02) {
    result = { vendor: null, randomized: true };
  } else {
    const table = loadRegistry();
    const entry = table[hex.slice(0, 9)] ?? table[hex.slice(0, 7)] ?? table[hex.slice(0, 6)];
    result = { vendor: entry ? organisation(entry) : null, randomized: false };
  }
  if (cache.size < MAX_CACHE) cache.set(mac, result);
  return result;
}

/** An entry is "Name\nstreet\ncity\ncountry"; the name is the first line. */
function organisation(entry: string): string | null {
  const newline = entry.indexOf('\n');
  const name = (newline < 0 ? entry : entry.slice(0, newline)).trim();
  return name || null;
}
