import { describe, expect, it } from 'vitest';
import { parseHelperMessage } from './helper-messages';

describe('parseHelperMessage', () => {
  it('recognises error, ready and status lines', () => {
    expect(parseHelperMessage('{"error":"no such interface \\"x\\""}')).toEqual({
      error: 'no such interface "x"',
    });
    expect(
      parseHelperMessage('{"ready":{"interface":"lo","linkType":1,"bufferBytes":1,"priority":"nice -5"}}'),
    ).toEqual({
      ready: { interface: 'lo', linkType: 1, bufferBytes: 1, priority: 'nice -5' },
    });
    expect(
      parseHelperMessage(
        '{"status":{"delivered":3,"interfaceDropped":1,"kernelDropped":2,"kernelDropSource":"PACKET_STATISTICS tp_drops"}}',
      ),
    ).toEqual({
      status: {
        delivered: 3,
        interfaceDropped: 1,
        kernelDropped: 2,
        kernelDropSource: 'PACKET_STATISTICS tp_drops',
      },
    });
  });

  it('reads a status without a kernel count as unknown, never as zero drops', () => {
    expect(parseHelperMessage('{"status":{"delivered":3}}')).toEqual({
      status: { delivered: 3, kernelDropped: null, kernelDropSource: 'kernel drops unknown: not reported' },
    });
    expect(parseHelperMessage('{"status":{"delivered":"3"}}')).toBeNull();
  });

  it('leaves libpcap warnings and malformed lines as plain text', () => {
    expect(
      parseHelperMessage('Warning: veth0: no IPv4 address assigned - This may not actually work'),
    ).toBeNull();
    expect(parseHelperMessage('{"error": 3}')).toBeNull();
    expect(parseHelperMessage('{not json')).toBeNull();
    expect(parseHelperMessage('null')).toBeNull();
    expect(parseHelperMessage('{"other":1}')).toBeNull();
  });
});
