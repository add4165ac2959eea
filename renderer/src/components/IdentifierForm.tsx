/**
 * Add or edit one identifier. Validation runs on every keystroke with the same checker the
 * services use (shared/identifiers), so mistakes show before Apply; the services still check
 * again on Apply and have the last word.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { IDENTIFIER_KINDS, type Identifier, type IdentifierKind } from '../../../shared/identifier-types';
import { KIND_INFO } from '../lib/identifier-kinds';
import { useValidators } from '../lib/use-validators';

interface Props {
  /** The identifier being edited, or null to add a new one. */
  initial: Identifier | null;
  onSubmit: (identifier: Identifier) => void;
  onCancel: () => void;
}

const EMPTY: Identifier = { kind: 'imei', value: '' };

export function IdentifierForm({ initial, onSubmit, onCancel }: Props) {
  const start = initial ?? EMPTY;
  const [kind, setKind] = useState<IdentifierKind>(start.kind);
  const [value, setValue] = useState(start.value);
  const [label, setLabel] = useState(start.label ?? '');
  const [country, setCountry] = useState(start.country ?? '');
  const ids = useId();
  const validators = useValidators();

  const draft = useMemo((): Identifier => {
    const id: Identifier = { kind, value: value.trim() };
    if (label.trim()) id.label = label.trim();
    if (kind === 'phone' && country.trim()) id.country = country.trim().toUpperCase();
    return id;
  }, [kind, value, label, country]);
  const check = useMemo(
    () => (draft.value && validators ? validators.checkIdentifier(draft) : null),
    [draft, validators],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!check?.ok) return;
    onSubmit(draft);
    if (!initial) {
      setValue('');
      setLabel('');
    }
  };

  return (
    <form className="identifier-form" data-testid="identifier-form" onSubmit={submit} noValidate>
      <div className="form-row">
        <label htmlFor={`${ids}-kind`}>Kind</label>
        <select
          id={`${ids}-kind`}
          value={kind}
          data-testid="identifier-kind"
          onChange={(e) => setKind(e.target.value as IdentifierKind)}
        >
          {IDENTIFIER_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_INFO[k].label}
            </option>
          ))}
        </select>
      </div>
      <div className="form-row">
        <label htmlFor={`${ids}-value`}>Value</label>
        <input
          id={`${ids}-value`}
          className="mono"
          value={value}
          placeholder={KIND_INFO[kind].placeholder}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={check ? !check.ok : undefined}
          data-testid="identifier-value"
          onChange={(e) => setValue(e.target.value)}
        />
      </div>
      {kind === 'phone' && (
        <div className="form-row">
          <label htmlFor={`${ids}-country`}>Country</label>
          <input
            id={`${ids}-country`}
            value={country}
            maxLength={2}
            placeholder="CN, FR, US… for a national number"
            autoComplete="off"
            data-testid="identifier-country"
            onChange={(e) => setCountry(e.target.value.toUpperCase())}
          />
        </div>
      )}
      <div className="form-row">
        <label htmlFor={`${ids}-label`}>Label</label>
        <input
          id={`${ids}-label`}
          value={label}
          placeholder="optional, e.g. test phone"
          autoComplete="off"
          data-testid="identifier-label"
          onChange={(e) => setLabel(e.target.value)}
        />
      </div>
      {check && !check.ok && (
        <ul className="messages errors">
          {check.errors.map((message) => (
            <li key={message} data-testid="identifier-error">
              {message}
            </li>
          ))}
        </ul>
      )}
      {check?.ok && check.notes.length > 0 && (
        <ul className="messages notes">
          {check.notes.map((message) => (
            <li key={message} data-testid="identifier-note">
              {message}
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!check?.ok} data-testid="identifier-submit">
          {initial ? 'Save' : 'Add'}
        </button>
        {initial && (
          <button type="button" onClick={onCancel} data-testid="identifier-cancel">
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
