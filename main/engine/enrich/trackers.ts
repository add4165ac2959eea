/**
 * Is a host on the tracker list (build/data/trackers.json), and whose entry is it? An entry
 * names a registrable domain ("appsflyer.com") or a host below one ("data.mistat.xiaomi.com")
 * and covers that name and every name under it, label by label: "notgoogle-analytics.com" and
 * "google-analytics.com.example.net" are not covered by "google-analytics.com". The registrable
 * domain comes from the Public Suffix List through `tldts`, and the walk from the host up to it
 * stops there, so an entry can never cover a whole public suffix.
 *
 * Threat model: hosts come from packets (SNI, Host headers, DNS answers) and may be any string;
 * a host that is not a plausible name simply matches nothing. The list is our own file but is
 * validated on load, and bad entries are reported, not trusted.
 */
import { getDomain, getPublicSuffix, parse } from 'tldts';

export const TRACKER_CATEGORIES = [
  'advertising',
  'analytics',
  'attribution',
  'crash-reporting',
  'telemetry',
] as const;
export type TrackerCategory = (typeof TRACKER_CATEGORIES)[number];

export interface TrackerEntry {
  /** Lower-case host name; the entry covers it and every name under it. */
  domain: string;
  /** The company that runs the service, as a user would know it ("Google", "AppsFlyer"). */
  owner: string;
  category: TrackerCategory;
  /** A page of the owner's that documents the service (see build/data/README.md). */
  source?: string;
}

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const PORT_SUFFIX = /:\d{1,5}$/;
const TLDTS_OPTIONS = { extractHostname: false, validateHostname: false, detectIp: true } as const;

export class TrackerList {
  private readonly byDomain = new Map<string, TrackerEntry>();

  private constructor(entries: readonly TrackerEntry[]) {
    for (const e of entries) this.byDomain.set(e.domain, e);
  }

  get size(): number {
    return this.byDomain.size;
  }

  /**
   * The list from the parsed trackers.json ({ entries: TrackerEntry[] }). Entries that are not
   * well-formed are left out and described in `problems`; duplicates keep the first.
   */
  static fromJson(data: unknown): { list: TrackerList; problems: string[] } {
    const problems: string[] = [];
    const entries: TrackerEntry[] = [];
    const seen = new Set<string>();
    const raw = (data as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(raw)) {
      return { list: new TrackerList([]), problems: ['the tracker list has no "entries" array'] };
    }
    raw.forEach((item: unknown, i) => {
      const e = item as Partial<TrackerEntry> | null;
      const domain = typeof e?.domain === 'string' ? e.domain : '';
      const why = entryProblem(e, domain);
      if (why) problems.push(`entries[${i}] (${domain || '?'}): ${why}`);
      else if (seen.has(domain)) problems.push(`entries[${i}] (${domain}): listed twice`);
      else {
        seen.add(domain);
        const entry: TrackerEntry = { domain, owner: e!.owner!, category: e!.category! };
        if (typeof e!.source === 'string') entry.source = e!.source;
        entries.push(entry);
      }
    });
    return { list: new TrackerList(entries), problems };
  }

  /** The entry covering `host` (a name, optionally with ":port" or a trailing dot), or null. */
  match(host: string): TrackerEntry | null {
    if (this.byDomain.size === 0 || host.length > 260) return null;
    let name = host.toLowerCase();
    if (PORT_SUFFIX.test(name) && name.indexOf(':') === name.lastIndexOf(':'))
      name = name.slice(0, name.lastIndexOf(':'));
    if (name.endsWith('.')) name = name.slice(0, -1);
    const parsed = parse(name, TLDTS_OPTIONS);
    if (parsed.isIp || !parsed.domain) return null;
    const floor = parsed.domain.length;
    let candidate = name;
    for (;;) {
      const entry = this.byDomain.get(candidate);
      if (entry) return entry;
      if (candidate.length <= floor) return null;
      const dot = candidate.indexOf('.');
      if (dot < 0) return null;
      candidate = candidate.slice(dot + 1);
    }
  }
}

function entryProblem(e: Partial<TrackerEntry> | null, domain: string): string | null {
  if (!e || typeof e !== 'object') return 'not an object';
  if (!HOST_NAME.test(domain)) return 'domain is not a lower-case host name';
  if (getPublicSuffix(domain, TLDTS_OPTIONS) === domain) return 'domain is a public suffix';
  if (!getDomain(domain, TLDTS_OPTIONS)) return 'domain has no registrable domain';
  if (typeof e.owner !== 'string' || !e.owner.trim()) return 'owner is missing';
  if (!TRACKER_CATEGORIES.includes(e.category as TrackerCategory)) {
    return `category must be one of ${TRACKER_CATEGORIES.join(', ')}`;
  }
  if (e.source !== undefined && (typeof e.source !== 'string' || !e.source.startsWith('https://'))) {
    return 'source must be an https:// address';
  }
  return null;
}
