import { describe, expect, it } from 'vitest';
import { effectiveTheme, readTheme, saveTheme, THEME_KEY, toggledTheme } from './theme';

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe('theme', () => {
  it('follows the system until toggled, then remembers the other theme', () => {
    const storage = memory();
    expect(readTheme(storage)).toBe('system');
    expect(effectiveTheme('system', true)).toBe('dark');
    const choice = toggledTheme('system', true);
    expect(choice).toBe('light');
    saveTheme(storage, choice);
    expect(storage.data.get(THEME_KEY)).toBe('light');
    expect(readTheme(storage)).toBe('light');
  });

  it("forgets the choice when the toggle lands on the system's theme again", () => {
    const storage = memory({ [THEME_KEY]: 'dark' });
    const choice = toggledTheme(readTheme(storage), false);
    expect(choice).toBe('system');
    saveTheme(storage, choice);
    expect(storage.data.has(THEME_KEY)).toBe(false);
  });

  it('ignores stored junk and storage that throws', () => {
    expect(readTheme(memory({ [THEME_KEY]: '<script>' }))).toBe('system');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    };
    expect(readTheme(broken)).toBe('system');
    expect(() => saveTheme(broken, 'dark')).not.toThrow();
  });
});
