import { readFileSync } from 'node:fs';
import { getPublicSuffix } from 'tldts';
import { describe, expect, it } from 'vitest';
import { TrackerList } from './trackers';

const { list } = TrackerList.fromJson({
  entries: [
    { domain: 'google-analytics.com', owner: 'Google', category: 'analytics' },
    { domain: 'data.mistat.xiaomi.com', owner: 'Xiaomi', category: 'telemetry' },
    { domain: 'tracker.example.co.uk', owner: 'Example', category: 'advertising' },
  ],
});

describe('TrackerList.match', () => {
  it('covers the listed name and every name under it', () => {
    expect(list.match('google-analytics.com')?.owner).toBe('Google');
    expect(list.match('www.google-analytics.com')?.owner).toBe('Google');
    expect(list.match('a.b.ssl.google-analytics.com')?.owner).toBe('Google');
    expect(list.match('data.mistat.xiaomi.com')?.owner).toBe('Xiaomi');
    expect(list.match('abc.data.mistat.xiaomi.com')?.category).toBe('telemetry');
    // The registrable domain is example.co.uk (co.uk is a public suffix); the entry is below it.
    expect(list.match('x.tracker.example.co.uk')?.owner).toBe('Example');
  });

  it('does not cover look-alikes, parents or names that merely end the same', () => {
    for (const host of [
      'notgoogle-analytics.com',
      'google-analytics.co',
      'google-analytics.com.evil.example',
      'google-analytics-com.example',
      'xiaomi.com',
      'mistat.xiaomi.com',
      'api.xiaomi.com',
      'otherdata.mistat.xiaomi.com',
      'example.co.uk',
      'co.uk',
      'com',
      '',
    ]) {
      expect(list.match(host), host).toBeNull();
    }
  });

  it('ignores case, a trailing dot and a port, and never matches an address', () => {
    expect(list.match('WWW.Google-Analytics.COM')?.owner).toBe('Google');
    expect(list.match('www.google-analytics.com.')?.owner).toBe('Google');
    expect(list.match('www.google-analytics.com:443')?.owner).toBe('Google');
    expect(list.match('8.8.8.8')).toBeNull();
    expect(list.match('[2001:db8::1]:443')).toBeNull();
  });

  it('reports malformed entries and keeps the rest', () => {
    const { list: l, problems } = TrackerList.fromJson({
      entries: [
        { domain: 'co.uk', owner: 'X', category: 'analytics' },
        { domain: 'Upper.Example.com', owner: 'X', category: 'analytics' },
        { domain: 'ok.example', owner: '', category: 'analytics' },
        { domain: 'ok.example', owner: 'X', category: 'spying' },
        { domain: 'ok.example', owner: 'X', category: 'analytics', source: 'http://insecure' },
        { domain: 'fine.example.com', owner: 'X', category: 'analytics' },
        { domain: 'fine.example.com', owner: 'Y', category: 'analytics' },
      ],
    });
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/public suffix/);
    expect(problems[1]).toMatch(/lower-case host name/);
    expect(problems[2]).toMatch(/owner/);
    expect(problems[3]).toMatch(/category/);
    expect(problems[4]).toMatch(/https/);
    expect(problems[5]).toMatch(/twice/);
    expect(l.size).toBe(1);
    expect(l.match('a.fine.example.com')?.owner).toBe('X');
    expect(TrackerList.fromJson({}).problems).toEqual(['the tracker list has no "entries" array']);
  });
});

describe('build/data/trackers.json', () => {
  const json: unknown = JSON.parse(
    readFileSync(new URL('../../../build/data/trackers.json', import.meta.url), 'utf8'),
  );
  const { list: shipped, problems } = TrackerList.fromJson(json);
  const entries = (json as { entries: { domain: string; owner: string; source?: string }[] }).entries;

  it('has only well-formed entries, each with an owner and a source', () => {
    expect(problems).toEqual([]);
    expect(shipped.size).toBe(entries.length);
    expect(shipped.size).toBeGreaterThan(50);
    for (const e of entries) {
      expect(e.source, e.domain).toMatch(/^https:\/\//);
      expect(getPublicSuffix(e.domain), e.domain).not.toBe(e.domain);
    }
  });

  it('covers the vendors the list was made for', () => {
    expect(shipped.match('ssl.google-analytics.com')?.owner).toBe('Google');
    expect(shipped.match('firebase-settings.crashlytics.com')?.category).toBe('crash-reporting');
    expect(shipped.match('graph.facebook.com')?.owner).toBe('Meta');
    expect(shipped.match('www.facebook.com')).toBeNull();
    expect(shipped.match('t.appsflyer.com')?.owner).toBe('AppsFlyer');
    expect(shipped.match('app.adjust.com')?.owner).toBe('Adjust');
    expect(shipped.match('api2.branch.io')?.owner).toBe('Branch');
    expect(shipped.match('data.mistat.xiaomi.com')?.owner).toBe('Xiaomi');
    expect(shipped.match('tracking.miui.com')?.owner).toBe('Xiaomi');
    expect(shipped.match('alog.umeng.com')?.owner).toBe('Alibaba (Umeng)');
    expect(shipped.match('www.google.com')).toBeNull();
  });
});
