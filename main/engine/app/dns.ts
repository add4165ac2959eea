/**
 * DNS for the engine: one message from a datagram (`parseDns`), or a TCP stream of
 * length-prefixed messages (`DnsTcpFramer`).
 */
export { parseDns, type DnsAnswer, type DnsMessage, type DnsQuestion } from './dns-message';
export { DnsTcpFramer, type DnsTcpMessage } from './dns-tcp-framer';
export { dnsTypeName } from './dns-types';
