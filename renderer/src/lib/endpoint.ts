/**
 * Endpoints arrive as "ip:port" or "[ipv6]:port" (DESIGN §4). The UI groups by address, so it
 * needs the address without the port.
 */
export function addressOf(endpoint: string): string {
  if (endpoint.startsWith('[')) {
    const close = endpoint.indexOf(']');
    return close > 0 ? endpoint.slice(1, close) : endpoint;
  }
  const colon = endpoint.lastIndexOf(':');
  // A bare IPv6 address has several colons and no port; leave it whole.
  if (colon < 0 || endpoint.indexOf(':') !== colon) return endpoint;
  return endpoint.slice(0, colon);
}

/** True when the string is an IPv4 or IPv6 address rather than a name or a CNAME target. */
export function looksLikeAddress(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || (text.includes(':') && /^[0-9a-fA-F:.]+$/.test(text));
}
