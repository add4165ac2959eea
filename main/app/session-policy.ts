/**
 * Session-wide rules for the app's page: a Content-Security-Policy header on every response
 * the session loads (older Electron versions did not run webRequest for file:// loads, so the
 * built index.html should carry the same policy in a <meta> tag as well), and no permission of
 * any kind. The app needs no camera, microphone, location, notification or device access; a
 * page asking for one is not behaving as ours does.
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
