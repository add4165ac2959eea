/**
 * The Content-Security-Policy for the app's page. The page shows strings from captured traffic,
 * so script must come only from our own bundle, the page may talk only to itself, and it may
 * not be framed or re-based. The development server needs two relaxations that never ship:
 * Vite injects inline scripts and styles for hot reload, and reaches its server over a
 * WebSocket.
 */
export interface CspOptions {
  /** The dev server's origin (http://localhost:5173) in development, null otherwise. */
  devServerOrigin: string | null;
}

export function contentSecurityPolicy({ devServerOrigin }: CspOptions): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    // Matches the page's own <meta> policy, so the UI behaves the same in Electron and web mode.
    ['img-src', ["'self'", 'data:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  if (devServerOrigin !== null) {
    const dev = new URL(devServerOrigin);
    const socket = `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`;
    add(directives, 'script-src', "'unsafe-inline'");
    add(directives, 'connect-src', socket);
    directives.push(['style-src', ["'self'", "'unsafe-inline'"]]);
  }
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

function add(directives: [string, string[]][], name: string, source: string): void {
  const entry = directives.find(([n]) => n === name);
  if (entry) entry[1].push(source);
}
