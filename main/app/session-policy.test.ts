import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { installSessionPolicy } from './session-policy';

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

function fakeSession() {
  const installed: {
    headers?: HeadersListener;
    request?: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
    check?: (...args: unknown[]) => boolean;
    device?: (...args: unknown[]) => boolean;
  } = {};
  const session = {
    webRequest: { onHeadersReceived: (listener: HeadersListener) => (installed.headers = listener) },
    setPermissionRequestHandler: (handler: typeof installed.request) => (installed.request = handler),
    setPermissionCheckHandler: (handler: typeof installed.check) => (installed.check = handler),
    setDevicePermissionHandler: (handler: typeof installed.device) => (installed.device = handler),
  };
  return { session: session as unknown as Session, installed };
}

describe('installSessionPolicy', () => {
  it('puts exactly our policy on every response, replacing one the server sent', () => {
    const { session, installed } = fakeSession();
    installSessionPolicy(session, "default-src 'self'");
    let answer: { responseHeaders?: Record<string, string | string[]> } = {};
    installed.headers!(
      { responseHeaders: { 'content-type': ['text/html'], 'content-security-policy': ['script-src *'] } },
      (response) => (answer = response),
    );
    expect(answer.responseHeaders).toEqual({
      'content-type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
    });
  });

  it('denies every permission request and check', () => {
    const { session, installed } = fakeSession();
    installSessionPolicy(session, "default-src 'self'");
    const granted: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      installed.request!(null, permission, (ok) => granted.push(ok));
    }
    expect(granted).toEqual([false, false, false, false, false]);
    expect(installed.check!(null, 'media', 'file://', {})).toBe(false);
    expect(installed.device!({ deviceType: 'usb' })).toBe(false);
  });
});
