/**
 * Session-wide rules for the app's page: a Content-Security-Policy header on every response
 * the session loads over HTTP (the dev server; a file:// page needs the same policy in its
 * <meta> tag, because webRequest never sees file loads), and no permission of any kind. The
 * app needs no camera, microphone, location, notification or device access; a page asking
 * for one is not behaving as ours does.
 */
import type { Session } from 'electron';

export function installSessionPolicy(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    // Drop a policy the server sent so exactly ours applies, whatever its header's casing.
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
