/** A value shaped like an identifier the user did not enter: "look here", not "this phone sent X". */
import type { SuspectRecord } from '../../../shared/events';
import { formatTime } from '../lib/format';
import { kindNoun } from '../lib/leak-phrase';

interface Props {
  suspect: SuspectRecord;
  host: string;
  onOpen: () => void;
}

export function SuspectCard({ suspect, host, onOpen }: Props) {
  return (
    <article
      className="suspect-card"
      data-testid="suspect-card"
      role="button"
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onOpen();
      }}
    >
      <div className="leak-card-line">
        <span className="badge suspect">suspected</span>
        <span className="suspect-kind">
          {kindNoun(suspect.kind)}
          {suspect.key !== null && (
            <>
              {' '}
              under <span className="mono">“{suspect.key}”</span>
            </>
          )}
        </span>
        <span className="arrow" aria-hidden="true">
          →
        </span>
        <span className="leak-host">{host}</span>
        <span className="spacer" />
        <span className="leak-time mono">{formatTime(suspect.ts)}</span>
      </div>
      <div className="suspect-reason">{suspect.reason}</div>
      <div className="suspect-context mono" title={suspect.context}>
        {suspect.context}
        <span className="muted"> · frame {suspect.frame}</span>
      </div>
    </article>
  );
}
