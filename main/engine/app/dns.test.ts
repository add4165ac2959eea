import { describe, expect, it } from 'vitest';
import { parseDns } from './dns';
import { annotatedHex, anomalyLog, hexBytes } from './test-support/annotated-hex';
import { hasTshark, pcapOf, run, tempFile } from './test-support/tools';

/** A response with compression pointers and A, AAAA, CNAME and HTTPS answers (RFC 1035 §4.1). */
const RESPONSE = annotatedHex(`
  ab cd                 // header: ID 0xabcd
  81 80                 // header: QR=1 (response), opcode 0 (QUERY), RD, RA, rcode 0 (NOERROR)
  00 01                 // header: QDCOUNT 1
  00 04                 // header: ANCOUNT 4
  00 00                 // header: NSCOUNT 0
  00 00                 // header: ARCOUNT 0
  03 77 77 77           // question (offset 12): label "www"
  07 65 78 61 6d 70 6c 65  // question (offset 16): label "example"
  03 63 6f 6d           // question: label "com"
  00                    // question: root label
  00 01                 // question: QTYPE A
  00 01                 // question: QCLASS IN
  c0 0c                 // answer 1 (offset 33): NAME = pointer to 12, www.example.com
  00 05                 // answer 1: TYPE CNAME
  00 01                 // answer 1: CLASS IN
  00 00 0e 10           // answer 1: TTL 3600
  00 06                 // answer 1: RDLENGTH 6
  03 63 64 6e           // answer 1 RDATA (offset 45): label "cdn"
  c0 10                 // answer 1 RDATA: pointer to 16, so cdn.example.com
  c0 2d                 // answer 2 (offset 51): NAME = pointer to 45, cdn.example.com
  00 01 00 01           // answer 2: TYPE A, CLASS IN
  00 00 00 3c           // answer 2: TTL 60
  00 04                 // answer 2: RDLENGTH 4
  c0 00 02 01           // answer 2: ADDRESS 192.0.2.1
  c0 2d                 // answer 3: NAME = pointer to 45, cdn.example.com
  00 1c 00 01           // answer 3: TYPE AAAA, CLASS IN
  00 00 00 3c           // answer 3: TTL 60
  00 10                 // answer 3: RDLENGTH 16
  20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01  // answer 3: ADDRESS 2001:db8::1
  c0 10                 // answer 4: NAME = pointer to 16, example.com
  00 41 00 01           // answer 4: TYPE HTTPS (65), CLASS IN
  00 00 00 3c           // answer 4: TTL 60
  00 1a                 // answer 4: RDLENGTH 26
  00 01                 // answer 4: SvcPriority 1 (ServiceMode)
  03 73 76 63 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00  // answer 4: TargetName svc.example.com
  00 01 00 03 02 68 32  // answer 4: SvcParam alpn (key 1, length 3) = "h2"
`);

const EXPECTED = {
  id: 0xabcd,
  response: true,
  opcode: 'QUERY',
  rcode: 'NOERROR',
  questions: [{ name: 'www.example.com', type: 'A', typeCode: 1 }],
  answers: [
    { name: 'www.example.com', type: 'CNAME', typeCode: 5, data: 'cdn.example.com' },
    { name: 'cdn.example.com', type: 'A', typeCode: 1, data: '192.0.2.1' },
    { name: 'cdn.example.com', type: 'AAAA', typeCode: 28, data: '2001:db8::1' },
    { name: 'example.com', type: 'HTTPS', typeCode: 65, data: 'svc.example.com' },
  ],
};

/** A one-question query whose question section is `question` (hex). */
function query(question: string, qdcount = 1): Uint8Array {
  return hexBytes(`1234 0100 ${qdcount.toString(16).padStart(4, '0')} 0000 0000 0000 ${question}`);
}

describe('parseDns', () => {
  it('decodes the annotated response', () => {
    const log = anomalyLog();
    expect(parseDns(RESPONSE.bytes, log.sink)).toEqual(EXPECTED);
    expect(log.names).toEqual([]);
  });

  it('decodes from a view into a larger buffer', () => {
    const big = new Uint8Array(RESPONSE.bytes.length + 20);
    big.set(RESPONSE.bytes, 7);
    expect(parseDns(big.subarray(7, 7 + RESPONSE.bytes.length), () => {})).toEqual(EXPECTED);
  });

  it('keeps what was decoded before a truncation, at every cut', () => {
    for (let cut = 12; cut < RESPONSE.bytes.length; cut++) {
      const log = anomalyLog();
      const msg = parseDns(RESPONSE.bytes.subarray(0, cut), log.sink);
      expect(log.names, `cut ${cut}`).toEqual(['dns-malformed']);
      expect(msg!.questions.length + msg!.answers.length).toBeLessThan(5);
      expect(msg!.answers).toEqual(EXPECTED.answers.slice(0, msg!.answers.length));
    }
    const log = anomalyLog();
    expect(parseDns(RESPONSE.bytes.subarray(0, 11), log.sink)).toBeNull();
    expect(log.names).toEqual(['dns-malformed']);
  });

  it('rejects compression loops without hanging', () => {
    const cases = {
      'pointer to itself': query('c00c 0001 0001'),
      'two names pointing at each other': query('c012 0001 0001 c00c 0001 0001', 2),
      'label then pointer back into the same name': query('0161 c00c 0001 0001'),
      'pointer past the end': query('c0ff 0001 0001'),
    };
    for (const [what, msg] of Object.entries(cases)) {
      const log = anomalyLog();
      const parsed = parseDns(msg, log.sink);
      expect(log.names, what).toEqual(['dns-malformed']);
      expect(parsed?.questions, what).toEqual([]);
    }
  });

  it('follows a long chain of earlier pointers', () => {
    // 100 questions; each name is one label followed by a pointer to the previous name.
    let hex = '0161 00 0001 0001';
    const starts = [12];
    for (let i = 1; i < 100; i++) {
      starts.push(starts[i - 1] + (i === 1 ? 7 : 8));
      hex += ` 0162 ${(0xc000 | starts[i - 1]).toString(16)} 0001 0001`;
    }
    const parsed = parseDns(query(hex, 100), () => {});
    expect(parsed?.questions.length).toBe(100);
    expect(parsed?.questions[99].name).toBe(`${'b.'.repeat(99)}a`);
  });

  it('writes the root as <Root> and escapes control characters', () => {
    expect(parseDns(query('00 0002 0001'), () => {})?.questions[0]).toEqual({
      name: '<Root>',
      type: 'NS',
      typeCode: 2,
    });
    expect(parseDns(query('03 61000a 00 ff00 0001'), () => {})?.questions[0]).toEqual({
      name: 'a\\000\\n',
      type: 'TYPE65280',
      typeCode: 0xff00,
    });
  });

  it('names a question with an extended label as tshark does, and stops there', () => {
    const msg = annotatedHex(`
      00 07                 // header: ID 7
      01 00                 // header: QR=0, opcode 0, RD
      00 02                 // header: QDCOUNT 2
      00 00 00 00 00 00     // header: ANCOUNT, NSCOUNT, ARCOUNT 0
      03 73 69 70           // question 1: label "sip"
      4d                    // question 1: extended label type 0x0d (RFC 6891 §5), length unknown
      64 6b                 // the two bytes tshark then reads as QTYPE (25707)
      00 00 01 00 01        // rest of the name as the sender meant it: "dk", root, A, IN
      03 77 77 77 00 00 01 00 01  // question 2, not decoded: its offset is unknowable
    `);
    const log = anomalyLog();
    expect(parseDns(msg.bytes, log.sink)?.questions).toEqual([
      { name: '<Unknown extended label>', type: 'TYPE25707', typeCode: 25707 },
    ]);
    expect(log.names).toEqual(['dns-extended-label']);
    // The bit-string label (0x41), an extended label as the first octet, and one reached
    // through a pointer leave the name malformed (tshark: a malformed packet).
    for (const q of ['03 616263 41 08 ff 00 0001 0001', '4d 6464 00 0001 0001', '0161 00 0001 0001 c00c']) {
      const bad = anomalyLog();
      expect(parseDns(query(q, 2), bad.sink)?.questions.map((x) => x.name)).not.toContain(
        '<Unknown extended label>',
      );
      expect(bad.names, q).toContain('dns-malformed');
    }
  });

  it('reports RDATA of the wrong size and carries on', () => {
    const msg = hexBytes(
      '0001 8180 0000 0002 0000 0000  00 0001 0001 00000000 0003 010203  00 0001 0001 00000000 0004 0a000001',
    );
    const log = anomalyLog();
    expect(parseDns(msg, log.sink)?.answers).toEqual([
      { name: '<Root>', type: 'A', typeCode: 1 },
      { name: '<Root>', type: 'A', typeCode: 1, data: '10.0.0.1' },
    ]);
    expect(log.names).toEqual(['dns-rdata-length-invalid']);
  });
});

/** tshark's reading of crafted messages: the independent oracle for names, types and addresses. */
describe.skipIf(!hasTshark)('parseDns agrees with tshark on crafted messages', () => {
  function tsharkFields(messages: Uint8Array[], fields: string[]): string[][] {
    const file = tempFile(
      `dns-${fields.join('-')}.pcap`,
      pcapOf(messages.map((payload) => ({ proto: 'udp', sport: 40000, dport: 53, payload }))),
    );
    const out = run('tshark', [
      '-r',
      file,
      '-n',
      '-T',
      'fields',
      '-E',
      'occurrence=a',
      '-E',
      'aggregator=\u0001',
      ...fields.flatMap((f) => ['-e', f]),
    ]);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'));
  }

  it('type mnemonics match tshark Info column except MAILA/MAILB and unknown types', () => {
    const codes = [
      0, 1, 2, 5, 6, 10, 12, 15, 16, 28, 33, 35, 39, 41, 43, 46, 47, 48, 50, 52, 64, 65, 99, 249, 250, 251,
      252, 253, 254, 255, 256, 257, 32768, 32769, 65281, 65282, 65422, 53, 65534,
    ];
    const msgs = codes.map((t) =>
      query(`07 6578616d706c65 03 636f6d 00 ${t.toString(16).padStart(4, '0')} 0001`),
    );
    const rows = tsharkFields(msgs, ['dns.qry.type', '_ws.col.Info']);
    rows.forEach(([code, info], i) => {
      const theirs = /^Standard query 0x1234 (.+) example\.com$/.exec(info)![1];
      const ours = parseDns(msgs[i], () => {})!.questions[0].type;
      const n = Number(code);
      if (n === 253 || n === 254) {
        // tshark 4.0 prints 253 as MAILA and 254 as MAILB; RFC 1035 §3.2.3 has them the other way round.
        expect(ours).toBe(n === 253 ? 'MAILB' : 'MAILA');
        expect(theirs).toBe(n === 253 ? 'MAILA' : 'MAILB');
      } else if (theirs.startsWith('Unknown') || theirs === 'Unused') {
        expect(ours).toBe(`TYPE${n}`);
      } else {
        expect(ours, `type ${n}`).toBe(theirs);
      }
    });
  });

  // Bit-string labels (0x41, RFC 2673, historic since RFC 6891) are left out: tshark decodes
  // them, we report the name as malformed.
  it('extended labels read as tshark reads them', () => {
    const names = ['03 736970 4d 6464 00', '05 6162636465 7f 0001', '4d 6464 00', '01 61 80 00'];
    const msgs = names.map((n) => query(`${n} 0001 0001`));
    const rows = tsharkFields(msgs, ['frame.number', 'dns.qry.name']);
    rows.forEach(([frame, qname]) => {
      const parsed = parseDns(msgs[Number(frame) - 1], () => {})!;
      expect(parsed.questions[0]?.name ?? '', names[Number(frame) - 1]).toBe(qname ?? '');
    });
  });

  it('names and AAAA text match tshark', () => {
    const names = [
      '03 615c62 01 2e 00',
      '03 612062 00',
      '04 0708090a 04 0b0c0d1b 00',
      '05 6100627f63 00',
      '03 61ff62 03 636f6d 00',
      '00',
    ];
    const aaaa = [
      '00000000000000000000ffff01020304',
      '00000000000000000000000001020304',
      '20010db8000000000001000000000001',
      '00000000000000000000000000000000',
      '00000000000000000000000000000001',
      '00010000000000000000000000000000',
      '0064ff9b000000000000000001020304',
      '00000000000000000000000000010000',
      '00000002000300040005000600070008',
    ];
    const msgs = [
      ...names.map((n) => query(`${n} 0001 0001`)),
      ...aaaa.map((a) => hexBytes(`0001 8180 0000 0001 0000 0000 00 001c 0001 00000000 0010 ${a}`)),
    ];
    const rows = tsharkFields(msgs, ['dns.qry.name', 'dns.aaaa']);
    rows.forEach(([qname, address], i) => {
      const parsed = parseDns(msgs[i], () => {})!;
      if (i < names.length) expect(parsed.questions[0].name).toBe(qname);
      else expect(parsed.answers[0].data).toBe(address);
    });
  });
});
