/**
 * The phone's identifiers: a list the reporter edits locally, then applies in one go (applying
 * re-analyses the open capture). While the list has unapplied edits, the services check it in
 * the background so each row shows the authoritative verdict before Apply.
 */
import { useEffect, useRef, useState } from 'react';
import type { Identifier, IdentifierCheck } from '../../../shared/identifier-types';
import { useActions, useSession, useUi } from '../app-context';
import { loadValidators } from '../lib/use-validators';
import { IdentifierForm } from './IdentifierForm';
import { IdentifierRow } from './IdentifierRow';

type Status =
  | { kind: 'idle' }
  | { kind: 'applying' }
  | { kind: 'applied' }
  | { kind: 'rejected' }
  | { kind: 'import-errors'; errors: string[] };

const CHECK_DELAY_MS = 200;

export function IdentifiersPanel() {
  const stored = useSession((s) => s.identifiers);
  const storedChecks = useSession((s) => s.checks);
  const hasCapture = useSession((s) => s.capture !== null);
  const reveal = useUi((s) => s.reveal);
  const toggleReveal = useUi((s) => s.toggleReveal);
  const { setIdentifiers, checkIdentifiers } = useActions();

  const [draft, setDraft] = useState<Identifier[]>(stored);
  const [dirty, setDirty] = useState(false);
  const [syncedFrom, setSyncedFrom] = useState(stored);
  const [draftChecks, setDraftChecks] = useState<{ of: Identifier[]; checks: IdentifierCheck[] } | null>(
    null,
  );
  const [editing, setEditing] = useState<number | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const importRef = useRef<HTMLInputElement>(null);

  // Follow the services' list (another window, a reset, the sample's identifiers) unless the
  // reporter has edits of their own in progress.
  if (stored !== syncedFrom && !dirty) {
    setSyncedFrom(stored);
    setDraft(stored);
    setEditing(null);
  }

  useEffect(() => {
    if (!dirty) return;
    let live = true;
    const timer = setTimeout(() => {
      void checkIdentifiers(draft).then((checks) => {
        if (live && checks) setDraftChecks({ of: draft, checks });
      });
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [draft, dirty, checkIdentifiers]);

  const checks: (IdentifierCheck | undefined)[] = dirty
    ? draftChecks?.of === draft
      ? draftChecks.checks
      : []
    : storedChecks;

  const edit = (next: Identifier[]) => {
    setDraft(next);
    setDirty(true);
    setStatus({ kind: 'idle' });
  };

  const apply = async () => {
    setStatus({ kind: 'applying' });
    const result = await setIdentifiers(draft);
    if (!result) {
      setStatus({ kind: 'idle' });
    } else if (result.applied) {
      setDirty(false);
      setStatus({ kind: 'applied' });
    } else {
      setDraftChecks({ of: draft, checks: result.checks });
      setStatus({ kind: 'rejected' });
    }
  };

  const revert = () => {
    setDraft(stored);
    setDirty(false);
    setEditing(null);
    setStatus({ kind: 'idle' });
  };

  const importFile = async (file: File) => {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      setStatus({
        kind: 'import-errors',
        errors: [
          `${file.name} is not JSON. Choose an identifiers file like {"identifiers": [{"kind": "imei", "value": "..."}]}.`,
        ],
      });
      return;
    }
    const parsed = (await loadValidators()).parseIdentifiersFile(json);
    edit(parsed.identifiers);
    setEditing(null);
    if (parsed.errors.length > 0) setStatus({ kind: 'import-errors', errors: parsed.errors });
  };

  const editingIdentifier = editing === null ? null : (draft[editing] ?? null);

  return (
    <aside className="identifiers-panel" data-testid="identifiers-panel" aria-label="Identifiers">
      <div className="panel-head">
        <h2>Identifiers</h2>
        <span className="muted">{draft.length}</span>
        <span className="spacer" />
        <button
          type="button"
          className="link-button"
          onClick={() => importRef.current?.click()}
          data-testid="identifiers-import"
        >
          Import…
        </button>
        <input
          ref={importRef}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="identifiers-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      <p className="panel-hint">
        What PhoneHome looks for in the traffic. Values stay on this machine; they are shown masked unless you{' '}
        <button
          type="button"
          className="link-button inline"
          onClick={toggleReveal}
          data-testid="identifiers-reveal"
        >
          {reveal ? 'hide them' : 'reveal them'}
        </button>
        .
      </p>
      <ul className="identifier-list" data-testid="identifier-list">
        {draft.map((identifier, i) => (
          <IdentifierRow
            key={`${i}-${identifier.kind}-${identifier.value}`}
            identifier={identifier}
            check={checks[i]}
            reveal={reveal}
            editing={editing === i}
            onEdit={() => setEditing(i)}
            onRemove={() => {
              edit(draft.filter((_, j) => j !== i));
              setEditing(null);
            }}
          />
        ))}
        {draft.length === 0 && (
          <li className="identifier-empty">None yet. Start with the IMEI: dial *#06# on the phone.</li>
        )}
      </ul>
      <div className="panel-section-title">{editingIdentifier ? 'Edit identifier' : 'Add an identifier'}</div>
      <IdentifierForm
        key={editing === null ? 'new' : `edit-${editing}`}
        initial={editingIdentifier}
        onCancel={() => setEditing(null)}
        onSubmit={(identifier) => {
          if (editing === null) edit([...draft, identifier]);
          else edit(draft.map((old, j) => (j === editing ? identifier : old)));
          setEditing(null);
        }}
      />
      <div className="panel-foot">
        <button
          type="button"
          className="primary"
          disabled={!dirty || status.kind === 'applying'}
          onClick={() => void apply()}
          data-testid="identifiers-apply"
        >
          {status.kind === 'applying' ? 'Applying…' : 'Apply'}
        </button>
        {dirty && (
          <button type="button" onClick={revert} data-testid="identifiers-revert">
            Revert
          </button>
        )}
        <StatusLine status={status} dirty={dirty} hasCapture={hasCapture} />
      </div>
    </aside>
  );
}

function StatusLine({ status, dirty, hasCapture }: { status: Status; dirty: boolean; hasCapture: boolean }) {
  if (status.kind === 'import-errors') {
    return (
      <ul className="messages errors" data-testid="identifiers-status">
        {status.errors.map((message) => (
          <li key={message} data-testid="identifier-import-error">
            {message}
          </li>
        ))}
      </ul>
    );
  }
  const text =
    status.kind === 'rejected'
      ? 'Fix the identifiers marked in red, then Apply again.'
      : status.kind === 'applied'
        ? hasCapture
          ? 'Applied: the capture is being analysed again.'
          : 'Applied. Open a capture to search it.'
        : dirty
          ? hasCapture
            ? 'Apply to search the capture for these.'
            : 'Apply to keep these for the next capture.'
          : '';
  if (!text) return null;
  return (
    <span
      className={status.kind === 'rejected' ? 'panel-status error' : 'panel-status'}
      data-testid="identifiers-status"
    >
      {text}
    </span>
  );
}
