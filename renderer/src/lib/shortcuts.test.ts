import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyFacts } from './shortcuts';

const key = (k: string, overrides: Partial<KeyFacts> = {}): KeyFacts => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'BODY',
  targetEditable: false,
  ...overrides,
});

describe('shortcutFor', () => {
  it('maps the documented letters', () => {
    expect(
      ['o', 's', '/', 'j', 'n', 'k', 'N', 'p', '?', 't', 'm', 'x'].map((k) => shortcutFor(key(k))),
    ).toEqual([
      'open',
      'capture',
      'search',
      'next',
      'next',
      'previous',
      'previous',
      'present',
      'help',
      'theme',
      'marker',
      null,
    ]);
  });

  it('leaves typing alone, except Escape', () => {
    expect(shortcutFor(key('s', { targetTag: 'INPUT', inputType: 'search' }))).toBeNull();
    expect(shortcutFor(key('j', { targetTag: 'TEXTAREA' }))).toBeNull();
    expect(shortcutFor(key('p', { targetTag: 'DIV', targetEditable: true }))).toBeNull();
    expect(shortcutFor(key('Escape', { targetTag: 'INPUT', inputType: 'text' }))).toBe('escape');
    // A focused checkbox takes no text: the shortcut still applies.
    expect(shortcutFor(key('j', { targetTag: 'INPUT', inputType: 'checkbox' }))).toBe('next');
  });

  it('ignores keys with modifiers, so browser and system shortcuts keep working', () => {
    expect(shortcutFor(key('o', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('p', { metaKey: true }))).toBeNull();
    expect(shortcutFor(key('s', { altKey: true }))).toBeNull();
  });

  it('lets Enter press a focused button', () => {
    expect(shortcutFor(key('Enter', { targetTag: 'BUTTON' }))).toBeNull();
    expect(shortcutFor(key('Enter'))).toBe('evidence');
  });
});
