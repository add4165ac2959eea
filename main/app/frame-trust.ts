/**
 * Which URLs are our app: the bundled index.html (file://) in a packaged or built app, or the
 * electron-vite dev server's origin during development. Used for the IPC trust check and for
 * the navigation guard, so a page that is not ours can neither call the services nor be
 * navigated to.
 */
import type { FrameTrust } from './ipc-guard';

export type UrlCheck = (url: string) => boolean;

export function createAppUrlCheck(appUrl: string): UrlCheck {
  const app = new URL(appUrl);
  if (app.protocol === 'file:') {
    // file:// URLs all share the opaque origin "null", so the path itself must match: another
    // local HTML file (say, one inside a saved report) must not count as the app.
    return (url) => {
      const candidate = parseUrl(url);
      return (
        candidate !== null &&
        candidate.protocol === 'file:' &&
        candidate.host === app.host &&
        candidate.pathname === app.pathname
      );
    };
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return (url) => parseUrl(url)?.origin === app.origin;
  }
  throw new Error(`The app URL must be file:, http: or https:, not ${app.protocol}`);
}

export function frameTrustFor(isAppUrl: UrlCheck): FrameTrust {
  return (frame) => isAppUrl(frame.url);
}

/** Where a link the page opened may go instead: https only, in the user's browser. */
export function externalLinkTarget(url: string): string | null {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.username === '' && parsed.password === ''
    ? parsed.href
    : null;
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
