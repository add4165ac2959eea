import { kindInfo } from '../lib/identifier-kinds';

export function KindBadge({ kind }: { kind: string }) {
  return (
    <span className={`badge kind-${kind}`} data-testid="kind-badge">
      {kindInfo(kind).badge}
    </span>
  );
}
