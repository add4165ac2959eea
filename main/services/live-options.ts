/**
 * Checks of what the renderer sends for a live capture: the options of startCapture and the
 * label of a marker. The renderer shows hostile packet data and could be compromised, so every
 * field is checked for type and shape here before it reaches a capture process (which checks
 * again) or a file name.
 */
import type { StartCaptureOptions } from '../../shared/live-types';
import { BACKEND_NAMES, type BackendName } from '../capture/capture-backend';
import { INTERFACE_NAME } from '../capture/helper-arguments';

export interface CheckedCaptureOptions {
  interfaceName: string;
  /** The BPF filter, "" for everything. */
  filter: string;
  backend: 'auto' | BackendName;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const MAX_FILTER = 4096;
const MAX_LABEL = 200;

/** A value from the renderer, shown in an error message: strings as they are, the rest as JSON. */
function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

export function checkCaptureOptions(options: unknown): CheckedCaptureOptions {
  if (typeof options !== 'object' || options === null) throw new Error('startCapture needs its options.');
  const o = options as Partial<Record<keyof StartCaptureOptions, unknown>>;
  if (typeof o.interface !== 'string' || !INTERFACE_NAME.test(o.interface)) {
    throw new Error(
      `"${describe(o.interface)}" is not an interface name (1 to 15 letters, digits, "_", ".", ":" or "-"); pick one from the interface list.`,
    );
  }
  let filter = '';
  if (o.filter !== undefined && o.filter !== null) {
    if (typeof o.filter !== 'string' || o.filter.length > MAX_FILTER || o.filter.includes('\0')) {
      throw new Error(`The capture filter must be text of at most ${MAX_FILTER} characters.`);
    }
    filter = o.filter.trim();
  }
  if (!filter && o.deviceMac !== undefined && o.deviceMac !== null) {
    const mac = typeof o.deviceMac === 'string' ? o.deviceMac.toLowerCase().replace(/-/g, ':') : '';
    if (!MAC.test(mac))
      throw new Error(`"${describe(o.deviceMac)}" is not a MAC address like 64:09:80:3c:5e:21.`);
    filter = `ether host ${mac}`;
  }
  const backend = o.backend ?? 'auto';
  if (backend !== 'auto' && !BACKEND_NAMES.includes(backend as BackendName)) {
    throw new Error(`Unknown capture backend "${describe(backend)}": use auto, direct, pkexec or dumpcap.`);
  }
  return { interfaceName: o.interface, filter, backend: backend as 'auto' | BackendName };
}

/** A marker's label, trimmed; control characters are refused (it goes into the saved file). */
export function checkMarkerLabel(label: unknown): string {
  if (typeof label !== 'string') throw new Error('A marker needs a label.');
  const text = label.trim();
  if (!text) throw new Error('A marker needs a label, e.g. "sent SMS".');
  if (text.length > MAX_LABEL) throw new Error(`A marker label is at most ${MAX_LABEL} characters.`);
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new Error('A marker label is one line of text.');
  return text;
}

/** The capture file's name: when and where, sortable, without characters a file system minds. */
export function captureFileName(interfaceName: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');
  return `phonehome-${stamp}-${interfaceName.replace(/[^\w.-]/g, '_')}.pcapng`;
}
