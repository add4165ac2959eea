/**
 * Hand-annotated hex fixtures: one field a line, `hex bytes  // what the field is`. The parser
 * keeps each field's offset and comment, so a test can find every length field (a comment
 * containing "length") and mutate it.
 */
export interface HexField {
  offset: number;
  size: number;
  comment: string;
}

export interface HexFixture {
  bytes: Uint8Array;
  fields: HexField[];
}

export function annotatedHex(text: string): HexFixture {
  const out: number[] = [];
  const fields: HexField[] = [];
  for (const raw of text.split('\n')) {
    const cut = raw.indexOf('//');
    const hex = (cut >= 0 ? raw.slice(0, cut) : raw).replace(/\s+/g, '');
    const comment = cut >= 0 ? raw.slice(cut + 2).trim() : '';
    if (!hex) continue;
    if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new Error(`bad hex line: ${raw}`);
    if (!comment) throw new Error(`field without a comment: ${raw}`);
    fields.push({ offset: out.length, size: hex.length / 2, comment });
    for (let i = 0; i < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16));
  }
  return { bytes: Uint8Array.from(out), fields };
}

/** Plain hex (whitespace ignored), for vectors copied from RFCs. */
export function hexBytes(text: string): Uint8Array {
  const hex = text.replace(/\s+/g, '');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Records anomalies for assertions. */
export function anomalyLog(): {
  names: string[];
  details: string[];
  sink: (name: string, detail?: string) => void;
} {
  const names: string[] = [];
  const details: string[] = [];
  return {
    names,
    details,
    sink: (name: string, detail?: string) => {
      names.push(name);
      details.push(detail ?? '');
    },
  };
}
