/**
 * One deduplicated leak in the feed: what was sent, in words; the identifier, masked unless the
 * user revealed it (this card or all); where it went and who is behind it; when, and how often.
 * Every packet-derived string is a text child.
 */
import type { KeyboardEvent } from 'react';
import { countryFlag } from '../lib/country';
import { formatCount, formatTime } from '../lib/format';
import { maskValue } from '../lib/mask';
import type { LeakView } from '../store/leak-feed';
import { KindBadge } from './KindBadge';

interface Props {
  view: LeakView;
  value: string | undefined;
  revealed: boolean;
  selected: boolean;
  onOpen: () => void;
  onToggleReveal: () => void;
}

export function LeakCard({ view, value, revealed, selected, onOpen, onToggleReveal }: Props) {
  const { leak } = view;
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onOpen();
    }
  };
  return (
    <article
      className={selected ? 'leak-card selected' : 'leak-card'}
      data-testid="leak-card"
      data-key={leak.leakId}
      data-selected={selected}
      role="button"
      tabIndex={0}
      aria-label={`${view.sentence}, to ${view.host}`}
      onClick={onOpen}
      onKeyDown={onKeyDown}
    >
      <div className="leak-card-line">
        <KindBadge kind={leak.kind} />
        <span className="leak-label">{leak.label}</span>
        <span className="leak-value mono" data-testid="leak-value" data-masked={!revealed}>
          {value === undefined ? '' : revealed ? value : maskValue(value)}
        </span>
        <button
          type="button"
          className="link-button leak-reveal"
          data-testid="leak-reveal"
          aria-pressed={revealed}
          onClick={(e) => {
            e.stopPropagation();
            onToggleReveal();
          }}
        >
          {revealed ? 'hide' : 'reveal'}
        </button>
        <span className="spacer" />
        {leak.count > 1 && (
          <span
            className="leak-count"
            data-testid="leak-count"
            title={`Seen ${formatCount(leak.count)} times`}
          >
            ×{formatCount(leak.count)}
          </span>
        )}
        <span className="leak-time mono" data-testid="leak-time" title="First seen">
          {formatTime(leak.ts)}
        </span>
      </div>
      <div className="leak-sentence" data-testid="leak-sentence">
        {view.sentence}
      </div>
      <div className="leak-card-line leak-destination">
        <span className="arrow" aria-hidden="true">
          →
        </span>
        <span className="leak-host" data-testid="leak-host" title={leak.server}>
          {view.host}
        </span>
        {view.countryName && (
          <span className="leak-country" data-testid="leak-country" title={view.country ?? ''}>
            {countryFlag(view.country)} {view.countryName}
          </span>
        )}
        {view.owner && (
          <span className="leak-owner" data-testid="leak-owner" title={view.asn ? `AS${view.asn}` : ''}>
            {view.owner}
          </span>
        )}
        {view.tracker && (
          <span className="badge tracker" data-testid="leak-tracker" title="On the tracker list">
            tracker · {view.tracker}
          </span>
        )}
        <span className="spacer" />
        <span className="leak-encoding mono" data-testid="leak-encoding" title="Encoding">
          {leak.encoding}
        </span>
        <span className="leak-frame muted">frame {leak.frame}</span>
      </div>
    </article>
  );
}
