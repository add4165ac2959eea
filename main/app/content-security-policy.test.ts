import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy';

/** Parse a policy into directive → sources, the way a browser splits it. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('allows only our own origin for script and connections in a built app', () => {
    const policy = parse(contentSecurityPolicy({ devServerOrigin: null }));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.has('style-src')).toBe(false);
    expect(contentSecurityPolicy({ devServerOrigin: null })).not.toContain('unsafe');
  });

  it('adds only what the dev server needs in development', () => {
    const policy = parse(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }));
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
  });
});
