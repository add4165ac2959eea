/** Switches between the light and dark theme; the choice is remembered (see lib/theme.ts). */
import { useUi } from '../app-context';
import { effectiveTheme, toggledTheme } from '../lib/theme';
import { useSystemDark } from './useSystemDark';

export function ThemeToggle() {
  const theme = useUi((s) => s.theme);
  const setTheme = useUi((s) => s.setTheme);
  const systemDark = useSystemDark();
  const current = effectiveTheme(theme, systemDark);
  return (
    <button
      type="button"
      className="icon-button theme-toggle"
      data-testid="theme-toggle"
      data-theme={current}
      aria-label={current === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
      title={current === 'dark' ? 'Light theme (t)' : 'Dark theme (t)'}
      onClick={() => setTheme(toggledTheme(theme, systemDark))}
    >
      {current === 'dark' ? '☀' : '☾'}
    </button>
  );
}
