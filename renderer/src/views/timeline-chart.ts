/**
 * The timeline chart: uPlot on a canvas, outside React. Leak sightings per second (bars, right
 * axis, drawn first so they never hide the traffic), bytes per second sent and received
 * (stepped areas, left axis), the user's markers
 * as dashed vertical lines with their labels, and the brushed time range as a band.
 *
 * Nothing from packets is drawn as text here: axis labels are numbers and times, and the only
 * strings are the marker labels the user typed, drawn with fillText on the canvas (never HTML).
 * Dragging across the plot reports a time range; uPlot's own selection box is cleared at once
 * and the range is drawn as a band, so it stays right when the chart is resized or redrawn.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MarkerRecord } from '../../../shared/events';
import { formatBytes } from '../lib/format';
import { placeMarkerLabels } from '../lib/marker-labels';
import type { TimelineSeries } from '../lib/timeline-buckets';
import { normaliseRange } from '../lib/time-range-filter';
import type { TimeRange } from '../store/time-range';

export interface TimelineChart {
  setSeries(series: TimelineSeries): void;
  setMarkers(markers: readonly MarkerRecord[]): void;
  setRange(range: TimeRange | null): void;
  resize(width: number, height: number): void;
  destroy(): void;
}

function cssColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** A colour with an alpha, from "#rrggbb" (the theme's form); other forms are returned as is. */
function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}

const rate = (v: number | null) => (v == null ? '—' : `${formatBytes(Math.round(v))}/s`);
const leakRate = (v: number | null) => (v == null ? '—' : `${Number(v.toFixed(2))}/s`);

export function createTimelineChart(
  root: HTMLElement,
  size: { width: number; height: number },
  onBrush: (range: TimeRange) => void,
): TimelineChart {
  const colors = {
    out: cssColor('--out', '#c2410c'),
    in: cssColor('--in', '#1d5fc9'),
    leak: cssColor('--danger', '#cf3131'),
    fg: cssColor('--fg-muted', '#6a6a76'),
    grid: cssColor('--border', '#e2e2e8'),
    marker: cssColor('--fg', '#1b1b21'),
    markerBg: cssColor('--bg', '#ffffff'),
    band: cssColor('--accent', '#4c57d6'),
  };
  let markers: readonly MarkerRecord[] = [];
  let range: TimeRange | null = null;
  const dpr = () => window.devicePixelRatio || 1;

  function drawBand(u: uPlot): void {
    if (!range) return;
    const { left, top, width, height } = u.bbox;
    const x0 = Math.max(left, u.valToPos(range.from, 'x', true));
    const x1 = Math.min(left + width, u.valToPos(range.to, 'x', true));
    if (x1 <= x0) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = withAlpha(colors.band, 0.14);
    ctx.fillRect(x0, top, x1 - x0, height);
    ctx.strokeStyle = colors.band;
    ctx.lineWidth = dpr();
    ctx.strokeRect(x0, top, x1 - x0, height);
    ctx.restore();
  }

  function drawMarkers(u: uPlot): void {
    const { left, top, width, height } = u.bbox;
    const ctx = u.ctx;
    const r = dpr();
    const lineHeight = 14 * r;
    ctx.save();
    ctx.font = `${11 * r}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    const placed = placeMarkerLabels(
      markers,
      (ts) => u.valToPos(ts, 'x', true),
      (text) => ctx.measureText(text).width + 8 * r,
      left,
      left + width,
    );
    for (const p of placed) {
      ctx.strokeStyle = colors.marker;
      ctx.lineWidth = r;
      ctx.setLineDash([4 * r, 3 * r]);
      ctx.beginPath();
      ctx.moveTo(p.x + 0.5, top);
      ctx.lineTo(p.x + 0.5, top + height);
      ctx.stroke();
      ctx.setLineDash([]);
      const y = top + 2 * r + p.row * lineHeight;
      ctx.fillStyle = withAlpha(colors.markerBg, 0.85);
      ctx.fillRect(p.left, y, p.width, lineHeight - 2 * r);
      ctx.fillStyle = colors.marker;
      ctx.fillText(p.text, p.left + 4 * r, y + (lineHeight - 2 * r) / 2);
    }
    ctx.restore();
    // What was actually drawn, for tests and for anyone inspecting the page.
    root.dataset.markersDrawn = String(placed.length);
  }

  const options: uPlot.Options = {
    width: size.width,
    height: size.height,
    cursor: { y: false, drag: { x: true, y: false, setScale: false } },
    select: { show: true, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: true },
      bytes: { range: (_u, _min, max) => [0, Math.max(1024, max * 1.05)] },
      leaks: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
    },
    axes: [
      { stroke: colors.fg, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid } },
      {
        scale: 'bytes',
        stroke: colors.fg,
        size: 72,
        grid: { stroke: colors.grid, width: 1 },
        ticks: { stroke: colors.grid },
        values: (_u, values) => values.map((v) => `${formatBytes(Math.round(v))}/s`),
      },
      {
        scale: 'leaks',
        side: 1,
        stroke: colors.leak,
        size: 48,
        grid: { show: false },
        ticks: { stroke: colors.grid },
        values: (_u, values) => values.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))),
      },
    ],
    series: [
      {},
      {
        label: 'Leaks',
        scale: 'leaks',
        stroke: colors.leak,
        fill: withAlpha(colors.leak, 0.35),
        width: 1,
        paths: uPlot.paths.bars!({ size: [0.9, 12], align: 1 }),
        points: { show: false },
        value: (_u, v) => leakRate(v),
      },
      {
        label: 'Sent',
        scale: 'bytes',
        stroke: colors.out,
        fill: withAlpha(colors.out, 0.18),
        width: 1,
        paths: uPlot.paths.stepped!({ align: 1 }),
        points: { show: false },
        value: (_u, v) => rate(v),
      },
      {
        label: 'Received',
        scale: 'bytes',
        stroke: colors.in,
        fill: withAlpha(colors.in, 0.14),
        width: 1,
        paths: uPlot.paths.stepped!({ align: 1 }),
        points: { show: false },
        value: (_u, v) => rate(v),
      },
    ],
    hooks: {
      draw: [drawBand, drawMarkers],
      setSelect: [
        (u) => {
          const { left, width } = u.select;
          if (width < 3) return;
          const picked = normaliseRange(u.posToVal(left, 'x'), u.posToVal(left + width, 'x'));
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          if (picked) onBrush(picked);
        },
      ],
    },
  };

  const u = new uPlot(options, [[], [], [], []], root);

  return {
    setSeries(series) {
      u.setData([series.times, series.leaks, series.bytesOut, series.bytesIn]);
    },
    setMarkers(next) {
      markers = next;
      u.redraw(false, false);
    },
    setRange(next) {
      range = next;
      u.redraw(false, false);
    },
    resize(width, height) {
      u.setSize({ width, height });
    },
    destroy() {
      u.destroy();
    },
  };
}
