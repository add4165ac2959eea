import { describe, expect, it } from 'vitest';
import { createAppUrlCheck, externalLinkTarget } from './frame-trust';

describe('createAppUrlCheck', () => {
  const packaged = createAppUrlCheck('file:///opt/PhoneHome/resources/app.asar/out/renderer/index.html');

  it('accepts the bundled page, with any hash or query the router adds', () => {
    expect(packaged('file:///opt/PhoneHome/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(packaged('file:///opt/PhoneHome/resources/app.asar/out/renderer/index.html#/flows/3')).toBe(true);
    expect(packaged('file:///opt/PhoneHome/resources/app.asar/out/renderer/index.html?view=leaks')).toBe(
      true,
    );
  });

  it('rejects other local files, which share the opaque file:// origin', () => {
    expect(packaged('file:///home/user/Downloads/report.html')).toBe(false);
    expect(packaged('file:///opt/PhoneHome/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(packaged('file://evil-host/opt/PhoneHome/resources/app.asar/out/renderer/index.html')).toBe(false);
  });

  it('rejects web pages, blank pages and garbage', () => {
    expect(packaged('https://evil.example/opt/PhoneHome/resources/app.asar/out/renderer/index.html')).toBe(
      false,
    );
    expect(packaged('about:blank')).toBe(false);
    expect(packaged('')).toBe(false);
    expect(packaged('not a url')).toBe(false);
  });

  it('trusts the whole dev-server origin and nothing else', () => {
    const dev = createAppUrlCheck('http://localhost:5173');
    expect(dev('http://localhost:5173/')).toBe(true);
    expect(dev('http://localhost:5173/index.html?t=1')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('https://localhost:5173/')).toBe(false);
    expect(dev('http://127.0.0.1:5173/')).toBe(false);
  });

  it('refuses to build a check for an app URL it cannot reason about', () => {
    expect(() => createAppUrlCheck('data:text/html,hi')).toThrow(/file:, http: or https:/);
  });
});

describe('externalLinkTarget', () => {
  it('lets only plain https links out to the browser', () => {
    expect(externalLinkTarget('https://example.org/docs?a=1')).toBe('https://example.org/docs?a=1');
    expect(externalLinkTarget('http://example.org/')).toBeNull();
    expect(externalLinkTarget('file:///etc/passwd')).toBeNull();
    expect(externalLinkTarget('javascript:alert(1)')).toBeNull();
    expect(externalLinkTarget('smb://share/x')).toBeNull();
    expect(externalLinkTarget('https://user:pw@example.org/')).toBeNull();
    expect(externalLinkTarget('::not a url')).toBeNull();
  });
});
