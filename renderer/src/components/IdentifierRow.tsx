/** One identifier in the panel: kind, label, masked value, and what the services said about it. */
import type { Identifier, IdentifierCheck } from '../../../shared/identifier-types';
import { maskValue } from '../lib/mask';
import { KindBadge } from './KindBadge';
import { VariantPreviewList } from './VariantPreviewList';

interface Props {
  identifier: Identifier;
  check: IdentifierCheck | undefined;
  reveal: boolean;
  editing: boolean;
  onEdit: () => void;
  onRemove: () => void;
}

export function IdentifierRow({ identifier, check, reveal, editing, onEdit, onRemove }: Props) {
  const status = check === undefined ? 'unchecked' : check.ok ? 'ok' : 'invalid';
  return (
    <li
      className={`identifier-row ${status}${editing ? ' editing' : ''}`}
      data-testid="identifier-row"
      data-status={status}
    >
      <div className="identifier-line">
        <KindBadge kind={identifier.kind} />
        <span className="identifier-text">
          {identifier.label && <span className="identifier-label">{identifier.label}</span>}
          <span className="identifier-value mono" data-testid="identifier-value-shown">
            {reveal ? identifier.value : maskValue(identifier.value)}
          </span>
          {identifier.country && <span className="muted"> ({identifier.country})</span>}
        </span>
        <span
          className={`status-dot ${status}`}
          title={status === 'ok' ? 'Valid' : status === 'invalid' ? 'Invalid' : 'Not checked yet'}
        />
        <button type="button" className="link-button" onClick={onEdit} data-testid="identifier-edit">
          Edit
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Remove"
          title="Remove"
          onClick={onRemove}
          data-testid="identifier-remove"
        >
          ×
        </button>
      </div>
      {check && check.errors.length > 0 && (
        <ul className="messages errors">
          {check.errors.map((message) => (
            <li key={message} data-testid="identifier-error">
              {message}
            </li>
          ))}
        </ul>
      )}
      {check?.ok && <VariantPreviewList identifier={identifier} reveal={reveal} />}
      {check && check.notes.length > 0 && (
        <ul className="messages notes">
          {check.notes.map((message) => (
            <li key={message} data-testid="identifier-note">
              {message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
