#!/usr/bin/env node
/**
 * Draws the PhoneHome icon (a phone sending signal arcs, on a rounded square) and writes it as
 * a 512x512 RGBA PNG to build/icons/512x512.png. No image library: shapes are signed-distance
 * tests, edges are smoothed by 4x4 supersampling, and the PNG is assembled by hand
 * (signature, IHDR, one zlib IDAT, IEND; PNG spec, ISO/IEC 15948).
 *
 * Usage: node build/make-icon.mjs [output.png]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4;

const NAVY = [17, 42, 64];
const TEAL = [24, 112, 128];
const WHITE = [244, 247, 250];
const SCREEN = [20, 36, 52];
const AMBER = [255, 183, 3];

/** Signed distance to a rounded rectangle centred at (cx, cy); negative inside. */
function roundedRect(x, y, cx, cy, halfW, halfH, radius) {
  const qx = Math.abs(x - cx) - halfW + radius;
  const qy = Math.abs(y - cy) - halfH + radius;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** True inside a ring segment: radius within [r - w/2, r + w/2], angle within [from, to]. */
function arc(x, y, cx, cy, radius, width, from, to) {
  const d = Math.hypot(x - cx, y - cy);
  if (Math.abs(d - radius) > width / 2) return false;
  // Screen y grows downwards; flip it so angles read counter-clockwise from the +x axis.
  const angle = Math.atan2(cy - y, x - cx);
  return angle >= from && angle <= to;
}

/** The colour at one sample point, or null where the icon is transparent. */
function colourAt(x, y) {
  if (roundedRect(x, y, 256, 256, 240, 240, 96) > 0) return null;
  const t = y / SIZE;
  let colour = NAVY.map((c, i) => Math.round(c + (TEAL[i] - c) * t));
  const rad = Math.PI / 180;
  for (const radius of [70, 112, 154]) {
    if (arc(x, y, 292, 212, radius, 22, 8 * rad, 82 * rad)) colour = AMBER;
  }
  if (roundedRect(x, y, 212, 300, 96, 164, 30) <= 0) colour = WHITE;
  if (roundedRect(x, y, 212, 286, 76, 124, 10) <= 0) colour = SCREEN;
  if (Math.hypot(x - 212, y - 434) <= 12) colour = SCREEN;
  // A highlighted "finding" on the phone's screen.
  if (roundedRect(x, y, 212, 250, 50, 12, 6) <= 0) colour = AMBER;
  if (roundedRect(x, y, 196, 290, 34, 8, 4) <= 0) colour = WHITE;
  if (roundedRect(x, y, 206, 322, 44, 8, 4) <= 0) colour = WHITE;
  return colour;
}

function render() {
  const pixels = new Uint8Array(SIZE * SIZE * 4);
  const step = 1 / SAMPLES;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = colourAt(px + (sx + 0.5) * step, py + (sy + 0.5) * step);
          if (colour === null) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const o = (py * SIZE + px) * 4;
      if (covered === 0) continue;
      // Colour averaged over covered samples only (straight alpha), coverage as alpha.
      pixels[o] = Math.round(r / covered);
      pixels[o + 1] = Math.round(g / covered);
      pixels[o + 2] = Math.round(b / covered);
      pixels[o + 3] = Math.round((covered * 255) / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A chunk: length (4, big-endian), type (4 ASCII), data, CRC-32 over type and data. */
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function encodePng(pixels, width, height) {
  // IHDR: width, height, bit depth 8, colour type 6 (RGBA), compression 0, filter 0, interlace 0.
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  // Each scanline starts with its filter type; 0 (None) keeps the encoder trivial.
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const output = process.argv[2] ?? join(import.meta.dirname, 'icons', `${SIZE}x${SIZE}.png`);
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, encodePng(render(), SIZE, SIZE));
console.log(`wrote ${output}`);
