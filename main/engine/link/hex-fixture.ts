/**
 * Test support: builds byte arrays from annotated hex fragments, so fixtures can carry a comment
 * on every field. Whitespace inside a fragment is ignored.
 */
export function hex(...fragments: string[]): Uint8Array {
  const digits = fragments.join('').replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`not an even run of hex digits: ${digits}`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** `count` zero bytes as hex, for padding fields in fixtures. */
export function zeros(count: number): string {
  return '00'.repeat(count);
}

/** Collects anomaly names (and details) reported through an AnomalySink. */
export function anomalyRecorder(): { names: string[]; sink: (name: string, detail?: string) => void } {
  const names: string[] = [];
  return { names, sink: (name) => names.push(name) };
}
