/** "time range: 12:00:05 – 12:00:09 (clear)": shown on every view the brushed range filters. */
import { formatTime } from '../lib/format';
import { useTimeRange } from '../store/time-range';
import { useSessionRange } from '../store/views-selectors';

export function TimeRangeChip() {
  const range = useSessionRange();
  const setRange = useTimeRange((s) => s.setRange);
  if (!range) return null;
  return (
    <span
      className="time-range-chip"
      data-testid="time-range-chip"
      data-from={range.from}
      data-to={range.to}
      title="Only what happened in this part of the timeline is shown"
    >
      time range: {formatTime(range.from)} – {formatTime(range.to)}
      <button
        type="button"
        className="link-button"
        data-testid="time-range-clear"
        onClick={() => setRange(null)}
      >
        (clear)
      </button>
    </span>
  );
}
