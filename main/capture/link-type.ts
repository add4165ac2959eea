/**
 * cap 0.2.1 returns the link type of an opened interface as a name for the five it knows and as
 * "Unknown linktype N" for the rest. pcapng needs the number (the LINKTYPE_ registry at
 * tcpdump.org/linktypes.html); for the known names libpcap's DLT value equals the LINKTYPE value.
 */

const KNOWN: Record<string, number> = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LINKTYPE_LINUX_SLL: 113,
  IEEE802_11_RADIO: 127,
};

/** The pcapng link type for cap's answer, or null when it names none. */
export function linkTypeFromCap(name: string): number | null {
  const known = KNOWN[name];
  if (known !== undefined) return known;
  const m = /^Unknown linktype (\d{1,5})$/.exec(name);
  if (!m) return null;
  const n = Number(m[1]);
  return n <= 0xffff ? n : null;
}
