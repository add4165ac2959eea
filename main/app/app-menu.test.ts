import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './app-menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function setup(isDev: boolean, isMac = false) {
  const clicked: string[] = [];
  const template = buildMenuTemplate(
    {
      openCapture: () => clicked.push('open'),
      saveCapture: () => clicked.push('save'),
      openSample: () => clicked.push('sample'),
    },
    { isDev, isMac },
  );
  const items = flatten(template);
  const byLabel = (label: string) => items.find((item) => item.label === label);
  const click = (label: string) => (byLabel(label)?.click as () => void | undefined)?.();
  return { template, items, byLabel, click, clicked };
}

describe('buildMenuTemplate', () => {
  it('wires File › Open, Save As and the sample to their actions with the usual shortcuts', () => {
    const menu = setup(false);
    expect(menu.byLabel('&Open…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(menu.byLabel('&Save As…')?.accelerator).toBe('CmdOrCtrl+S');
    menu.click('&Open…');
    menu.click('&Save As…');
    menu.click('Try the &sample');
    expect(menu.clicked).toEqual(['open', 'save', 'sample']);
    expect(menu.items.some((item) => item.role === 'quit')).toBe(true);
  });

  it('offers reload and devtools only in development', () => {
    const roles = (isDev: boolean) => setup(isDev).items.map((item) => item.role);
    expect(roles(false)).not.toContain('reload');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('reload');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('follows macOS conventions: an app menu first, Quit not in File', () => {
    const menu = setup(false, true);
    expect(menu.template[0].role).toBe('appMenu');
    const file = menu.template.find((item) => item.label === '&File');
    expect(flatten(file?.submenu as MenuItemConstructorOptions[]).some((item) => item.role === 'quit')).toBe(
      false,
    );
  });
});
