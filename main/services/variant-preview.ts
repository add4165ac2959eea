/**
 * The editor's preview of what will be searched for an identifier: the matcher's own variant
 * list (main/engine/match/variants.ts), grouped by encoding, with a few patterns as text. It is
 * the user's own value in many forms, so the UI shows the patterns only when the user reveals
 * identifiers.
 */
import type { VariantPreview } from '../../shared/api';
import type { Identifier } from '../../shared/identifier-types';
import { checkIdentifier } from '../../shared/identifiers';
import { variantsFor } from '../engine/match/variants';

const EXAMPLES_PER_GROUP = 3;

/** Printable ASCII as is; anything else (UTF-16LE zero bytes, UTF-8 of accents) as \\xNN. */
function asText(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}

export function previewVariants(identifier: Identifier): VariantPreview {
  const check = checkIdentifier(identifier);
  if (!check.ok || !check.canonical) return { ok: false, total: 0, groups: [] };
  const variants = variantsFor(identifier, check.canonical);
  const groups = new Map<string, { encoding: string; count: number; examples: string[] }>();
  for (const v of variants) {
    let group = groups.get(v.encoding);
    if (!group) {
      group = { encoding: v.encoding, count: 0, examples: [] };
      groups.set(v.encoding, group);
    }
    group.count++;
    if (group.examples.length < EXAMPLES_PER_GROUP) group.examples.push(asText(v.bytes));
  }
  return { ok: true, total: variants.length, groups: [...groups.values()] };
}
