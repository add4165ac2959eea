/**
 * TLS handshake reading for the engine. One ClientHello parser serves TLS over TCP (through
 * TlsClientHelloAssembler, which reassembles records and segments) and QUIC (whose CRYPTO
 * frames carry the same handshake message); the server side yields the chosen version and,
 * up to TLS 1.2, the certificate's names.
 */
export { parseClientHello, type ClientHello } from './tls-client-hello';
export { parseServerHello, parseCertificateMessage, type ServerHello } from './tls-server-hello';
export { certificateNames, type CertificateNames } from './x509-names';
export { TlsClientHelloAssembler, TlsServerAssembler, type ClientHelloResult } from './tls-assemblers';
