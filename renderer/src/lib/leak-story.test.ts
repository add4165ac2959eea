import { describe, expect, it } from 'vitest';
import { deriveFeed } from '../store/leak-feed';
import { applyRecords, emptyRecordState } from '../store/record-state';
import { flow, leak } from '../store/test-fixtures';
import { leakStory } from './leak-story';

const IMEI = '865301020304057';

function view(overrides: Parameters<typeof leak>[1] = {}) {
  const s = applyRecords(emptyRecordState(), [
    flow(1, { server: '198.51.100.10:80', country: 'CN', asOrg: 'Xiaomi Communications', asn: 4837 }),
    leak(7, {
      flowId: 1,
      server: '198.51.100.10:80',
      host: 'api.account.xiaomi.com',
      where: 'body',
      encoding: 'md5-hex',
      frame: 1432,
      frames: [1430, 1432],
      count: 3,
      occurrenceFrames: [1432, 1500, 1622],
      context: 'imei=••••••••',
      ...overrides,
    }),
  ]);
  return deriveFeed(s, { order: 'newest', search: '', range: null }).leaks[0];
}

describe('leakStory', () => {
  it('says what, where, when and which frames, with the identifier masked', () => {
    const story = leakStory({
      view: view(),
      value: IMEI,
      reveal: false,
      captureName: 'founding-case.pcapng',
    });
    expect(story.split('\n')[0]).toBe('MD5 of IMEI in the body of an HTTP request');
    expect(story).toContain('Identifier: test phone — 865•••••••••057');
    expect(story).toContain(
      'Sent to:    api.account.xiaomi.com (198.51.100.10:80) — China, Xiaomi Communications (AS4837)',
    );
    expect(story).toContain('frame 1432');
    expect(story).toContain('Bytes in:   frames 1430, 1432');
    expect(story).toContain('Seen:       3 times, in frames 1432, 1500, 1622');
    expect(story).toContain('Capture:    founding-case.pcapng');
    expect(story).not.toContain(IMEI);
  });

  it('shows the value only when revealed', () => {
    expect(leakStory({ view: view(), value: IMEI, reveal: true, captureName: null })).toContain(IMEI);
  });

  it('cuts long frame lists and says how many are left out', () => {
    const frames = Array.from({ length: 1000 }, (_, i) => i + 1);
    const story = leakStory({
      view: view({ count: 5000, occurrenceFrames: frames }),
      value: IMEI,
      reveal: false,
      captureName: null,
    });
    expect(story).toContain('… and 900 more (the first ones)');
    expect(story).toContain('5,000 times');
  });
});
