/**
 * An HTTP body as the application sees it: chunked framing removed, then gzip or deflate undone
 * with the browser's DecompressionStream, the output cut at DECODED_CAP so a decompression bomb
 * costs at most that much memory. Brotli is decoded where the browser offers it.
 */
import { useEffect, useState } from 'react';
import { dechunk } from '../lib/http-message';

export const DECODED_CAP = 4 << 20;

export type DecodedBody =
  | { state: 'raw' }
  | { state: 'decoding' }
  | { state: 'decoded'; bytes: Uint8Array; notes: string[] }
  | { state: 'failed'; message: string; notes: string[] };

const FORMATS: Record<string, string[]> = {
  gzip: ['gzip'],
  'x-gzip': ['gzip'],
  // "deflate" should be zlib-wrapped, but some servers and clients send raw deflate.
  deflate: ['deflate', 'deflate-raw'],
  br: ['brotli'],
};

async function decompress(bytes: Uint8Array, format: string): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const stream = new DecompressionStream(format as CompressionFormat);
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; the writer's own promises would only repeat them.
  writer.write(new Uint8Array(bytes)).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    total += value.length;
    if (total > DECODED_CAP) {
      cut = true;
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const out = new Uint8Array(Math.min(total, DECODED_CAP));
  let at = 0;
  for (const p of parts) {
    const n = Math.min(p.length, out.length - at);
    out.set(p.subarray(0, n), at);
    at += n;
  }
  return { bytes: out, cut };
}

async function decode(body: Uint8Array, chunked: boolean, coding: string | null): Promise<DecodedBody> {
  const notes: string[] = [];
  let bytes = body;
  if (chunked) {
    const d = dechunk(body);
    bytes = d.bytes;
    notes.push(d.complete ? 'chunked framing removed' : 'chunked framing removed (the body ends early)');
  }
  if (coding === null) return { state: 'decoded', bytes, notes };
  const formats = FORMATS[coding];
  if (!formats)
    return {
      state: 'failed',
      message: `The body is encoded as “${coding}”, which this view does not decode.`,
      notes,
    };
  let lastError = '';
  for (const format of formats) {
    try {
      const d = await decompress(bytes, format);
      notes.push(`${coding} decoded`);
      if (d.cut) notes.push(`only the first ${DECODED_CAP >> 20} MB shown`);
      return { state: 'decoded', bytes: d.bytes, notes };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
  }
  return {
    state: 'failed',
    message:
      coding === 'br'
        ? 'This browser cannot decode Brotli bodies; the engine decoded it to find the match. The raw bytes are in the Hex view.'
        : `The ${coding} body could not be decoded (${lastError}). The raw bytes are in the Hex view.`,
    notes,
  };
}

export function useDecodedBody(
  body: Uint8Array | null,
  chunked: boolean,
  coding: string | null,
): DecodedBody {
  const needed = body !== null && (chunked || coding !== null);
  // The result is kept with the body it belongs to, so a new body reads as "decoding" at once.
  const [result, setResult] = useState<{ body: Uint8Array; value: DecodedBody } | null>(null);
  useEffect(() => {
    if (!needed || body === null) return;
    let live = true;
    void decode(body, chunked, coding).then((value) => live && setResult({ body, value }));
    return () => {
      live = false;
    };
  }, [body, chunked, coding, needed]);
  if (!needed) return { state: 'raw' };
  return result && result.body === body ? result.value : { state: 'decoding' };
}
