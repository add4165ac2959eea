/**
 * Hand-built TLS fixtures, one field a line with its meaning (RFC 8446 §4.1.2, RFC 6066 §3,
 * RFC 7301 §3.1, draft-ietf-tls-esni §5). Provenance: written for these tests; lengths were
 * counted by hand and are checked by the parse assertions, not computed.
 */
import { annotatedHex } from './annotated-hex';

/** A TLS record carrying a ClientHello with SNI, ALPN, supported_versions and ECH. */
export const CLIENT_HELLO_RECORD = annotatedHex(`
  16                    // record: content type handshake (22)
  03 01                 // record: legacy_record_version 0x0301 (TLS 1.0, usual for a first flight)
  00 91                 // record: length 145
  01                    // handshake: msg_type client_hello (1)
  00 00 8d              // handshake: length 141
  03 03                 // ClientHello: legacy_version 0x0303 (TLS 1.2)
  00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f  // ClientHello: random, bytes 0-15
  10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f  // ClientHello: random, bytes 16-31
  20                    // ClientHello: legacy_session_id length 32
  e0 e1 e2 e3 e4 e5 e6 e7 e8 e9 ea eb ec ed ee ef  // ClientHello: legacy_session_id, bytes 0-15
  f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff  // ClientHello: legacy_session_id, bytes 16-31
  00 06                 // ClientHello: cipher_suites length 6
  13 01                 // cipher suite TLS_AES_128_GCM_SHA256
  13 02                 // cipher suite TLS_AES_256_GCM_SHA384
  c0 2f                 // cipher suite TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  01                    // ClientHello: legacy_compression_methods length 1
  00                    // compression method null
  00 3e                 // ClientHello: extensions length 62
  00 00                 // extension type server_name (0)
  00 10                 // server_name: extension_data length 16
  00 0e                 // server_name: server_name_list length 14
  00                    // server_name: name_type host_name (0)
  00 0b                 // server_name: HostName length 11
  65 78 61 6d 70 6c 65 2e 63 6f 6d  // server_name: "example.com"
  00 10                 // extension type application_layer_protocol_negotiation (16)
  00 0e                 // ALPN: extension_data length 14
  00 0c                 // ALPN: protocol_name_list length 12
  02                    // ALPN: ProtocolName length 2
  68 32                 // ALPN: "h2"
  08                    // ALPN: ProtocolName length 8
  68 74 74 70 2f 31 2e 31  // ALPN: "http/1.1"
  00 2b                 // extension type supported_versions (43)
  00 05                 // supported_versions: extension_data length 5
  04                    // supported_versions: versions length 4
  03 04                 // supported_versions: TLS 1.3
  03 03                 // supported_versions: TLS 1.2
  fe 0d                 // extension type encrypted_client_hello (0xfe0d)
  00 0b                 // ECH: extension_data length 11
  00                    // ECH: ECHClientHello type outer (0)
  00 01 00 01           // ECH: cipher_suite HKDF-SHA256 / AES-128-GCM
  2a                    // ECH: config_id 42
  00 00                 // ECH: enc length 0
  00 01                 // ECH: payload length 1
  ff                    // ECH: payload (one opaque byte)
`);

/** The handshake message alone (record header stripped): what QUIC CRYPTO frames carry. */
export const CLIENT_HELLO_MESSAGE = CLIENT_HELLO_RECORD.bytes.subarray(5);

/**
 * RFC 8448 §3 ("Simple 1-RTT Handshake"), the ClientHello handshake message (196 octets) as
 * printed there: SNI "server", supported_versions {0x0304}, no ALPN, 9 extensions
 * (server_name, renegotiation_info, supported_groups, session_ticket, key_share,
 * supported_versions, signature_algorithms, psk_key_exchange_modes, record_size_limit).
 */
export const RFC8448_CLIENT_HELLO = `
  01 00 00 c0 03 03 cb 34 ec b1 e7 81 63 ba 1c 38 c6 da cb 19 6a 6d ff a2 1a 8d 99 12 ec 18 a2 ef
  62 83 02 4d ec e7 00 00 06 13 01 13 03 13 02 01 00 00 91 00 00 00 0b 00 09 00 00 06 73 65 72 76
  65 72 ff 01 00 01 00 00 0a 00 14 00 12 00 1d 00 17 00 18 00 19 01 00 01 01 01 02 01 03 01 04 00
  23 00 00 00 33 00 26 00 24 00 1d 00 20 99 38 1d e5 60 e4 bd 43 d2 3d 8e 43 5a 7d ba fe b3 c0 6e
  51 c1 3c ae 4d 54 13 69 1e 52 9a af 2c 00 2b 00 03 02 03 04 00 0d 00 20 00 1e 04 03 05 03 06 03
  02 03 08 04 08 05 08 06 04 01 05 01 06 01 02 01 04 02 05 02 06 02 02 02 00 2d 00 02 01 01 00 1c
  00 02 40 01`;

/** RFC 8448 §3, the ServerHello (90 octets): TLS_AES_128_GCM_SHA256, supported_versions 0x0304. */
export const RFC8448_SERVER_HELLO = `
  02 00 00 56 03 03 a6 af 06 a4 12 18 60 dc 5e 6e 60 24 9c d3 4c 95 93 0c 8a c5 cb 14 34 da c1 55
  77 2e d3 e2 69 28 00 13 01 00 00 2e 00 33 00 24 00 1d 00 20 c9 82 88 76 11 20 95 fe 66 76 2b db
  f7 c6 72 e1 56 d6 cc 25 3b 83 3d f1 dd 69 b1 b0 4e 75 1f 0f 00 2b 00 02 03 04`;

/**
 * RFC 9001 Appendix A.2: the CRYPTO frame of the client's first Initial packet, whose data is a
 * ClientHello for "example.com" with ALPN "alpn", supported_versions {0x0304}, and
 * quic_transport_parameters (11 extensions).
 */
export const RFC9001_CRYPTO_FRAME = `
  060040f1010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e868
  04fe3a47f06a2b69484c00000413011302010000c000000010000e00000b6578
  616d706c652e636f6dff01000100000a00080006001d00170018001000070005
  04616c706e000500050100000000003300260024001d00209370b2c9caa47fba
  baf4559fedba753de171fa71f50f1ce15d43e994ec74d748002b000302030400
  0d0010000e0403050306030203080408050806002d00020101001c0002400100
  3900320408ffffffffffffffff05048000ffff07048000ffff08011001048000
  75300901100f088394c8f03e51570806048000ffff`;
