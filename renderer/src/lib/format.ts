/** Display formatting shared by the tables and the header. */

const COUNT = new Intl.NumberFormat('en-US');

export function formatCount(n: number | null | undefined): string {
  return n == null ? '—' : COUNT.format(n);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in powers of 1024 with one decimal from KB up, e.g. "1.5 MB". */
export function formatBytes(n: number): string {
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Local time of day with milliseconds, "HH:MM:SS.mmm", from seconds since the epoch. */
export function formatTime(ts: number): string {
  if (!Number.isFinite(ts)) return '—';
  const d = new Date(ts * 1000);
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)}`;
}

/** Local date and time, "YYYY-MM-DD HH:MM:SS", for capture start times. */
export function formatDateTime(ts: number): string {
  if (!Number.isFinite(ts)) return '—';
  const d = new Date(ts * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)} ${formatTime(ts).slice(0, 8)}`;
}

/** Percentage of a known total, or null when the total is unknown. */
export function fraction(done: number, total: number | null | undefined): number | null {
  if (!total || total <= 0) return null;
  return Math.min(1, Math.max(0, done / total));
}

/**
 * Milliseconds since the epoch from a time the services sent: record times are seconds, while
 * capture start times come from Date.now(). Any value before 1973 in milliseconds is taken as
 * seconds, which no capture time in milliseconds can be.
 */
export function toMillis(t: number): number {
  return t < 1e11 ? t * 1000 : t;
}

/** An elapsed time as a clock reading: "0:07", "12:05", "1:02:03". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.floor(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = pad(s % 60, 2);
  return h > 0 ? `${h}:${pad(m, 2)}:${rest}` : `${m}:${rest}`;
}
