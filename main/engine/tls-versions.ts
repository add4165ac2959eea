/** Names of the TLS versions a ClientHello offers, for TLS over TCP and QUIC alike. */

/** GREASE values (RFC 8701) are not versions anyone speaks. */
function isRealVersion(v: number): boolean {
  return (v & 0x0f0f) !== 0x0a0a;
}

function versionName(v: number): string {
  switch (v) {
    case 0x0304:
      return 'TLS 1.3';
    case 0x0303:
      return 'TLS 1.2';
    case 0x0302:
      return 'TLS 1.1';
    case 0x0301:
      return 'TLS 1.0';
    case 0x0300:
      return 'SSL 3.0';
    default:
      return `0x${v.toString(16).padStart(4, '0')}`;
  }
}

export function tlsVersionNames(versions: number[]): string[] {
  return versions.filter(isRealVersion).map(versionName);
}
