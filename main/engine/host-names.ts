/**
 * Which name a server address goes by, for flows that do not name their server themselves.
 *
 * Three sources teach it, in this order of trust: DNS answers (the name an application asked
 * for and got this address back), then names a client gave the address directly (TLS SNI, the
 * HTTP Host header), then the names in a server's certificate (which may be a CDN's or a
 * wildcard). A name from a more trusted source is never replaced by one from a less trusted
 * source; among equals the latest wins, as addresses get reused. A flow that names its own
 * server (SNI, Host) uses that name rather than this map's (see Engine.nameServer).
 *
 * Memory is bounded: at most MAX addresses, the oldest forgotten first.
 */
export type NameSource = 'dns' | 'client' | 'certificate';

const TRUST: Record<NameSource, number> = { dns: 3, client: 2, certificate: 1 };

export class HostNames {
  private readonly byIp = new Map<string, { name: string; trust: number }>();
  private static readonly MAX = 200_000;

  /**
   * Record that `ip` goes by `name`: an A/AAAA answer (the queried name, not the CNAME target),
   * a name the client sent to it, or a name in its certificate.
   */
  learn(ip: string, name: string, source: NameSource = 'dns'): void {
    const trust = TRUST[source];
    const known = this.byIp.get(ip);
    if (known) {
      if (known.trust > trust) return;
      known.name = name;
      known.trust = trust;
      return;
    }
    if (this.byIp.size >= HostNames.MAX) {
      // Forget the oldest entry: Map iterates in insertion order.
      const oldest = this.byIp.keys().next().value;
      if (oldest !== undefined) this.byIp.delete(oldest);
    }
    this.byIp.set(ip, { name, trust });
  }

  nameOf(ip: string): string | null {
    return this.byIp.get(ip)?.name ?? null;
  }
}
