/**
 * Light and dark themes: the system's choice (prefers-color-scheme) unless the user toggled to
 * the other one, which is remembered in localStorage. The stylesheet reads `data-theme` on the
 * root element; without it, CSS `light-dark()` follows the system.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_KEY = 'phonehome.theme';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function readTheme(storage: Storage | null): ThemeChoice {
  let value: string | null = null;
  try {
    value = storage?.getItem(THEME_KEY) ?? null;
  } catch {
    // Storage can be disabled (privacy settings); the system's theme then applies.
  }
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function effectiveTheme(choice: ThemeChoice, systemDark: boolean): Theme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/**
 * The toggle shows the other theme. Landing back on the system's own theme forgets the choice,
 * so the window follows the system again.
 */
export function toggledTheme(choice: ThemeChoice, systemDark: boolean): ThemeChoice {
  const next: Theme = effectiveTheme(choice, systemDark) === 'dark' ? 'light' : 'dark';
  return next === (systemDark ? 'dark' : 'light') ? 'system' : next;
}

export function saveTheme(storage: Storage | null, choice: ThemeChoice): void {
  try {
    if (choice === 'system') storage?.removeItem(THEME_KEY);
    else storage?.setItem(THEME_KEY, choice);
  } catch {
    // Not remembered across reloads when storage is unavailable; the toggle still works.
  }
}

/** The page's localStorage, or null where the browser refuses it (opaque origins, privacy settings). */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Puts the choice on the root element, where the stylesheet reads it. */
export function applyTheme(root: HTMLElement, choice: ThemeChoice): void {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}
