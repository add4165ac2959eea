/**
 * "What will be searched" under an identifier: the encodings the matcher looks for, with how
 * many patterns each, fetched from the services when opened. The patterns themselves are the
 * user's value in other forms (base64 decodes back to it), so they show only when revealed.
 */
import { useState } from 'react';
import type { VariantPreview } from '../../../shared/api';
import type { Identifier } from '../../../shared/identifier-types';
import { useActions } from '../app-context';

interface Props {
  identifier: Identifier;
  reveal: boolean;
}

export function VariantPreviewList({ identifier, reveal }: Props) {
  const { previewVariants } = useActions();
  const [preview, setPreview] = useState<VariantPreview | null>(null);
  const [failed, setFailed] = useState(false);

  const load = (open: boolean) => {
    if (!open || preview) return;
    void previewVariants(identifier).then((p) => {
      if (p) setPreview(p);
      else setFailed(true);
    });
  };

  return (
    <details
      className="variant-preview"
      data-testid="variant-preview"
      onToggle={(e) => load(e.currentTarget.open)}
    >
      <summary>What will be searched</summary>
      {failed && <p className="muted">The preview could not be loaded.</p>}
      {preview && !preview.ok && <p className="muted">Fix the value first.</p>}
      {preview?.ok && (
        <>
          <p className="muted" data-testid="variant-total">
            {preview.total} patterns in {preview.groups.length} encodings
            {reveal ? '' : ' (reveal identifiers to see them)'}
          </p>
          <ul className="variant-groups">
            {preview.groups.map((g) => (
              <li key={g.encoding} data-testid="variant-group" data-encoding={g.encoding}>
                <span className="mono">{g.encoding}</span>
                {g.count > 1 && <span className="muted"> ×{g.count}</span>}
                {reveal && (
                  <span className="mono variant-example" data-testid="variant-example">
                    {g.examples.join('  ')}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </details>
  );
}
