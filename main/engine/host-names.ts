/**
 * Which name a server address goes by. DNS answers seen earlier in the capture name an address;
 * TLS SNI and the HTTP Host header name a flow directly and win over DNS for that flow.
 */
export class HostNames {
  private readonly byIp = new Map<string, string>();
  private static readonly MAX = 200_000;

  /** Record that `name` resolved to `ip` (A/AAAA answers; the queried name, not the CNAME target). */
  learn(ip: string, name: string): void {
    if (this.byIp.size >= HostNames.MAX && !this.byIp.has(ip)) {
      // Forget the oldest entry: Map iterates in insertion order.
      const oldest = this.byIp.keys().next().value;
      if (oldest !== undefined) this.byIp.delete(oldest);
    }
    this.byIp.set(ip, name);
  }

  nameOf(ip: string): string | null {
    return this.byIp.get(ip) ?? null;
  }
}
