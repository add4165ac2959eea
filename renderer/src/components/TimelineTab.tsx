/**
 * The timeline: bytes per second each way and leak sightings per second over the whole capture,
 * with the user's markers. Dragging across the chart picks a time range that narrows the
 * Destinations, Flows and DNS views; the chip clears it. While records stream in, the chart
 * follows them a few times a second (the views' shared throttle).
 */
import { useEffect, useMemo, useRef } from 'react';
import type { MarkerRecord } from '../../../shared/events';
import { formatBytes, formatCount, formatTime } from '../lib/format';
import { bucketTimeline, timelineDomain } from '../lib/timeline-buckets';
import { useTimeRange } from '../store/time-range';
import { frameClockOf, useSessionRange, useViewRecords } from '../store/views-selectors';
import { createTimelineChart, type TimelineChart } from '../views/timeline-chart';
import { TimeRangeChip } from '../views/TimeRangeChip';
import '../styles/views.css';

/** The chart takes the room the tab has, leaving space for its notes, within these bounds. */
const MIN_HEIGHT = 220;
const MAX_HEIGHT = 520;
const NOTES_HEIGHT = 150;

function chartSize(el: HTMLElement): { width: number; height: number } {
  const room = (el.parentElement?.clientHeight ?? 0) - NOTES_HEIGHT;
  return { width: Math.max(200, el.clientWidth), height: Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, room)) };
}

export function TimelineTab() {
  const { flows, leaks, dns, markers } = useViewRecords();
  const range = useSessionRange();
  const setRange = useTimeRange((s) => s.setRange);
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<TimelineChart | null>(null);

  const series = useMemo(() => {
    const domain = timelineDomain(flows, [dns, leaks, markers]);
    return domain ? bucketTimeline(flows, leaks, frameClockOf(flows, dns, leaks), domain) : null;
  }, [flows, leaks, dns, markers]);
  const hasChart = series !== null;

  useEffect(() => {
    const el = holder.current;
    if (!el || !hasChart) return;
    const c = createTimelineChart(el, chartSize(el), setRange);
    chart.current = c;
    const observer = new ResizeObserver(() => {
      const { width, height } = chartSize(el);
      c.resize(width, height);
    });
    observer.observe(el);
    if (el.parentElement) observer.observe(el.parentElement);
    return () => {
      observer.disconnect();
      c.destroy();
      chart.current = null;
    };
  }, [hasChart, setRange]);

  useEffect(() => {
    if (series) chart.current?.setSeries(series);
  }, [series, hasChart]);
  useEffect(() => chart.current?.setMarkers(markers), [markers, hasChart]);
  useEffect(() => chart.current?.setRange(range), [range, hasChart]);

  return (
    <section className="tab-panel timeline-panel" data-testid="timeline-panel">
      <div className="toolbar view-toolbar">
        <span className="toolbar-title">Timeline</span>
        <span className="legend-key out">Sent</span>
        <span className="legend-key in">Received</span>
        <span className="legend-key leak">Leaks</span>
        <TimeRangeChip />
        <span className="toolbar-hint">
          Drag across the chart to show only that time in Destinations, Flows and DNS.
        </span>
      </div>
      {series === null ? (
        <div className="vtable-empty" data-testid="timeline-empty">
          Nothing on the timeline yet.
        </div>
      ) : (
        <div className="timeline-body">
          <div
            ref={holder}
            className="timeline-chart"
            data-testid="timeline-chart"
            data-buckets={series.times.length}
            data-bucket-seconds={series.width}
            data-start={series.times[0]}
            data-end={series.times[series.times.length - 1] + series.width}
            data-total-bytes={series.totalBytes}
            data-sightings={series.placedSightings}
          />
          <p className="timeline-note" data-testid="timeline-summary">
            {formatCount(series.times.length)} buckets of {series.width} s · {formatBytes(series.totalOut)}{' '}
            sent, {formatBytes(series.totalIn)} received · {formatCount(series.placedSightings)} leak
            sightings. A flow's bytes are spread evenly over its duration.
            {series.unplacedSightings > 0 &&
              ` ${formatCount(series.unplacedSightings)} later sightings of very frequent leaks have no recorded time and are not drawn.`}
          </p>
          <MarkerList markers={markers} onPick={setRange} />
        </div>
      )}
    </section>
  );
}

/** The markers as text, in time order; a click shows the minute after the marker. */
function MarkerList({
  markers,
  onPick,
}: {
  markers: readonly MarkerRecord[];
  onPick: (range: { from: number; to: number }) => void;
}) {
  if (markers.length === 0) return null;
  const sorted = [...markers].sort((a, b) => a.ts - b.ts);
  return (
    <ul className="timeline-markers" data-testid="timeline-markers">
      {sorted.map((m) => (
        <li key={m.id} data-testid="timeline-marker" data-ts={m.ts}>
          <button
            type="button"
            className="link-button"
            title="Show the minute after this marker"
            onClick={() => onPick({ from: m.ts, to: m.ts + 60 })}
          >
            <span className="mono">{formatTime(m.ts)}</span> {m.label}
          </button>
        </li>
      ))}
    </ul>
  );
}
