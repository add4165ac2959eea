/** The keyboard shortcuts, on "?" or the header's ? button; Esc or a click outside closes it. */
import { useEffect, useRef } from 'react';
import { useUi } from '../app-context';
import { SHORTCUT_HELP } from '../lib/shortcuts';

export function HelpOverlay() {
  const open = useUi((s) => s.helpOpen);
  const setOpen = useUi((s) => s.setHelpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="overlay" data-testid="help-overlay" onClick={() => setOpen(false)}>
      <div
        className="overlay-card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="overlay-head">
          <h2 id="help-title">Keyboard shortcuts</h2>
          <span className="spacer" />
          <button
            ref={closeRef}
            type="button"
            className="icon-button"
            aria-label="Close"
            data-testid="help-close"
            onClick={() => setOpen(false)}
          >
            ×
          </button>
        </div>
        <table className="shortcut-table">
          <tbody>
            {SHORTCUT_HELP.map(([keys, what]) => (
              <tr key={keys}>
                <td>
                  {keys.split('  ').map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">Shortcuts do nothing while you type in a field; Esc leaves the field.</p>
      </div>
    </div>
  );
}
