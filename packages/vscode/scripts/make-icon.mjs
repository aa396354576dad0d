/**
 * Draws the extension icon, images/icon.png (128x128): one node fanning out to three, a load balancer, on a rounded
 * square. Drawn with signed distances and 4x4 supersampling, encoded as PNG with node:zlib: no image tools needed.
 * Run `node packages/vscode/scripts/make-icon.mjs` after changing it; the PNG is committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'images', 'icon.png');

const BACKGROUND = [0x1f, 0x4e, 0x79];
const LINK = [0x9c, 0xc3, 0xe6];
const NODE = [0xff, 0xff, 0xff];
const ACCENT = [0x4c, 0xd1, 0x8a];

const top = { x: 64, y: 34, r: 14 };
const bottom = [28, 64, 100].map((x) => ({ x, y: 96, r: 11 }));

function roundedSquare(x, y) {
  const half = 60, radius = 22;
  const dx = Math.max(Math.abs(x - 64) - (half - radius), 0);
  const dy = Math.max(Math.abs(y - 64) - (half - radius), 0);
  return Math.hypot(dx, dy) - radius;
}
function segment(x, y, a, b) {
  const vx = b.x - a.x, vy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((x - a.x) * vx + (y - a.y) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(x - a.x - t * vx, y - a.y - t * vy);
}

/** Colour and coverage at a point: later shapes paint over earlier ones. */
function sample(x, y) {
  if (roundedSquare(x, y) > 0) return null;
  let color = BACKGROUND;
  if (bottom.some((b) => segment(x, y, top, b) < 4)) color = LINK;
  if (bottom.some((b) => Math.hypot(x - b.x, y - b.y) < b.r)) color = NODE;
  if (Math.hypot(x - top.x, y - top.y) < top.r) color = ACCENT;
  return color;
}

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4);
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < 4; sy++) {
      for (let sx = 0; sx < 4; sx++) {
        const c = sample(px + (sx + 0.5) / 4, py + (sy + 0.5) / 4);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a++;
      }
    }
    const o = 1 + px * 4;
    if (a > 0) {
      row[o] = Math.round(r / a); row[o + 1] = Math.round(g / a); row[o + 2] = Math.round(b / a);
      row[o + 3] = Math.round((a / 16) * 255);
    }
  }
  rows.push(row);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
