/**
 * Messages of the capture helper on its stderr, one JSON object a line, beside the pcapng stream
 * on stdout (the data pipe and message pipe of Wireshark's capture_sync.c). Other lines on stderr
 * (libpcap prints warnings itself) are passed on as plain text.
 */

/** Sent once, after the interface was opened and the stream's first blocks were written. */
export interface HelperReady {
  /** `priority` says whether the helper could raise its scheduling priority (capture-helper.ts). */
  ready: { interface: string; linkType: number; bufferBytes: number; priority: string };
}

/**
 * Sent every second. `delivered` counts the packets libpcap handed to the helper. The interface
 * counters come from /sys/class/net/IF/statistics and count since the capture started; they are
 * absent where that file is not readable. `kernelDropped` is the kernel's count of packets its
 * capture socket could not queue (what pcap_stats calls ps_drop), or null when the helper cannot
 * read it; `kernelDropSource` names the source or says why it is unknown.
 */
export interface HelperStatus {
  status: {
    delivered: number;
    interfaceReceived?: number;
    interfaceDropped?: number;
    kernelDropped: number | null;
    kernelDropSource: string;
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
  if (typeof v.status === 'object' && v.status !== null) {
    const st = v.status as Record<string, unknown>;
    if (typeof st.delivered !== 'number') return null;
    const kernelDropped = typeof st.kernelDropped === 'number' ? st.kernelDropped : null;
    const kernelDropSource =
      typeof st.kernelDropSource === 'string' ? st.kernelDropSource : 'kernel drops unknown: not reported';
    return {
      status: {
        delivered: st.delivered,
        ...(typeof st.interfaceReceived === 'number' ? { interfaceReceived: st.interfaceReceived } : {}),
        ...(typeof st.interfaceDropped === 'number' ? { interfaceDropped: st.interfaceDropped } : {}),
        kernelDropped,
        kernelDropSource,
      },
    };
  }
  return null;
}
