/**
 * Messages of the capture helper on its stderr, one JSON object a line, beside the pcapng stream
 * on stdout (the data pipe and message pipe of Wireshark's capture_sync.c). Other lines on stderr
 * (libpcap prints warnings itself) are passed on as plain text.
 */

/** Sent once, after the interface was opened and the stream's first blocks were written. */
export interface HelperReady {
  ready: { interface: string; linkType: number; bufferBytes: number };
}

/**
 * Sent every second. `delivered` counts the packets libpcap handed to the helper. The interface
 * counters come from /sys/class/net/IF/statistics and count since the capture started; they are
 * absent where that file is not readable. libpcap's own drop count is not available through
 * cap 0.2.1, which says so in `captureDrops`.
 */
export interface HelperStatus {
  status: {
    delivered: number;
    interfaceReceived?: number;
    interfaceDropped?: number;
    captureDrops: 'unavailable';
  };
}

export interface HelperError {
  error: string;
}

export type HelperMessage = HelperReady | HelperStatus | HelperError;

/** The message on one stderr line, or null for a line that is not one. */
export function parseHelperMessage(line: string): HelperMessage | null {
  if (!line.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.error === 'string') return { error: v.error };
  if (typeof v.ready === 'object' && v.ready !== null) return value as HelperReady;
  if (typeof v.status === 'object' && v.status !== null) return value as HelperStatus;
  return null;
}
