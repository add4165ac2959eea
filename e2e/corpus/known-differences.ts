/**
 * Every difference left between the engine and the tshark oracle over the public corpus, each
 * with its reason; README.md beside this file shows the bytes behind each one. corpus.test.ts
 * fails when a difference appears that is not listed here, and when a listed one no longer
 * occurs (so this list stays true).
 *
 * `key` is the comparison key of corpus-compare.ts (frame, then the field's values); `extra` is
 * a record we report that tshark does not, `missing` one tshark reports that we do not.
 */
import type { Field } from './corpus-compare';

export interface KnownDifference {
  file: string;
  field: Field;
  kind: 'extra' | 'missing';
  key: string;
  /** Whose reading is wrong, as far as the bytes tell; 'neither' when both are defensible. */
  wrong: 'tshark' | 'engine' | 'neither';
  reason: string;
}

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    file: 'ndpi__fuzz-2006-09-29-28586.pcap',
    field: 'http_request',
    kind: 'missing',
    key: '20 POST %s /ppgctrl/ppgcontrollogic.dll',
    wrong: 'tshark',
    reason: 'the Host value holds a NUL byte; tshark cuts the value there',
  },
  {
    file: 'ndpi__fuzz-2006-09-29-28586.pcap',
    field: 'http_request',
    kind: 'extra',
    key: '20 POST %s 2.20.3.5 /ppgctrl/ppgcontrollogic.dll',
    wrong: 'tshark',
    reason: 'the same request: we replace the NUL with a space, as RFC 9110 §5.5 asks',
  },
  {
    file: 'ndpi__KakaoTalk_chat.pcap',
    field: 'dns_qname',
    kind: 'missing',
    key: '57 R plus-talk.kakao.com',
    wrong: 'neither',
    reason: 'a DNS response quoted inside an ICMP port-unreachable; it is a copy of frame 56',
  },
  {
    file: 'pcapplusplus__Packet++Test__PacketExamples__dns_over_tcp.pcapng',
    field: 'dns_qname',
    kind: 'extra',
    key: '4 R github.com',
    wrong: 'neither',
    reason: 'frame 1 resent 51 years of capture time later; our flow had expired, tshark never expires one',
  },
];
