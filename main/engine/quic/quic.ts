/**
 * QUIC for the engine: recognising QUIC on a UDP flow and reading the ClientHello (SNI, ALPN,
 * versions) out of the client's Initial packets, which are encrypted with public keys (RFC
 * 9001 §5.2). The handshake message itself goes through the same parser as TLS over TCP.
 */
export { looksLikeQuic } from './looks-like-quic';
export {
  DEFAULT_QUIC_LIMITS,
  QuicInitialTracker,
  type QuicHelloResult,
  type QuicTrackerLimits,
} from './quic-initial-tracker';
export { isReservedVersion, quicVersionName, SUPPORTED_VERSIONS } from './quic-versions';
