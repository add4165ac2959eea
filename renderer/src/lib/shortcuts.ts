/**
 * Keyboard shortcuts, one letter each like a mail client's: the key is turned into an action
 * here (pure, so it is tested without a DOM), the App carries it out. Keys typed into a text
 * field, and keys with Ctrl, Alt or Meta, are never shortcuts.
 */
export type ShortcutAction =
  | 'open'
  | 'capture'
  | 'search'
  | 'next'
  | 'previous'
  | 'present'
  | 'help'
  | 'theme'
  | 'marker'
  | 'evidence'
  | 'escape';

export interface KeyFacts {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focused element's tag name, upper-case ("INPUT", "BUTTON", "BODY"). */
  targetTag: string;
  targetEditable: boolean;
  /** `type` of an input element, when the target is one. */
  inputType?: string;
}

const KEYS: Record<string, ShortcutAction> = {
  o: 'open',
  s: 'capture',
  '/': 'search',
  j: 'next',
  n: 'next',
  k: 'previous',
  N: 'previous',
  p: 'present',
  '?': 'help',
  t: 'theme',
  m: 'marker',
};

/** Inputs that take no typing: a shortcut still works while one of these has the focus. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

/** True when the key goes into a text field rather than to the page. */
export function isTyping(k: KeyFacts): boolean {
  if (k.targetEditable || k.targetTag === 'TEXTAREA' || k.targetTag === 'SELECT') return true;
  return k.targetTag === 'INPUT' && !NON_TEXT_INPUTS.has(k.inputType ?? 'text');
}

export function shortcutFor(k: KeyFacts): ShortcutAction | null {
  if (k.ctrlKey || k.metaKey || k.altKey) return null;
  if (k.key === 'Escape') return 'escape';
  if (isTyping(k)) return null;
  // Enter on a button or link presses it; elsewhere it opens the selected leak's evidence.
  if (k.key === 'Enter') return k.targetTag === 'BUTTON' || k.targetTag === 'A' ? null : 'evidence';
  return KEYS[k.key] ?? null;
}

/** The help overlay's table, in the order shown. */
export const SHORTCUT_HELP: readonly [keys: string, what: string][] = [
  ['o', 'Open a capture file'],
  ['s', 'Start or stop the live capture (opens the capture screen when none is set up)'],
  ['/', 'Search the current list'],
  ['j  n', 'Next leak'],
  ['k  N', 'Previous leak'],
  ['Enter', 'Show the selected leak’s evidence'],
  ['m', 'Mark “I just did…” on the timeline (while capturing)'],
  ['p', 'Presentation view (identifiers always masked)'],
  ['t', 'Switch between light and dark theme'],
  ['?', 'This help'],
  ['Esc', 'Close the overlay, evidence or presentation view'],
];
