/**
 * Incremental re-parsing, as the language server does on every keystroke: `node --import tsx bench/incremental-parse.ts`.
 *
 * The document is `editorDocument(10_000)` (bench/generate.ts). At 50 positions spread over it, one character is
 * typed (inserted) and then deleted again; each edit is re-parsed by a full `parse` and by `parseIncremental` from the
 * previous version's result. The library is bundled with esbuild first (as bench/front-end.ts does: tsx's wrappers
 * distort small costs); each kind of measurement is warmed up on the first positions. Prints best, median and p95 of
 * both, whether every incremental result equalled the full parse, and one JSON line.
 */
import { deepStrictEqual } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importBundled } from './bundle.ts';
import { editorDocument } from './generate.ts';

const ROOT = resolve(import.meta.dirname, '..');
const POSITIONS = 50;
const WARM_UP = 5;

interface ParseResult {
  ast: { items: unknown[] };
  diagnostics: unknown[];
}
interface Stats {
  path: 'incremental' | 'full';
  reason?: string;
}
interface Syntax {
  parse(text: string, file: string): ParseResult;
  parseIncremental(previous: { text: string; file: string; result: ParseResult } | undefined, text: string, file: string, stats?: Stats): ParseResult;
}

async function bundled(dir: string): Promise<Syntax> {
  return importBundled<Syntax>(dir, 'syntax', "export { parse, parseIncremental } from './packages/dsl/src/index.ts';");
}

function summary(samples: number[]): { best: number; median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { best: sorted[0], median: sorted[sorted.length >> 1], p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] };
}

const dir = mkdtempSync(join(tmpdir(), 'lb-incremental-'));
try {
  const lb = await bundled(dir);
  const file = 'editor.lb';
  const original = editorDocument(10_000);
  const fullMs: number[] = [];
  const incrementalMs: number[] = [];
  let fallbacks = 0;
  let checked = 0;
  let previous = { text: original, file, result: lb.parseIncremental(undefined, original, file) };
  for (let i = 0; i < WARM_UP + POSITIONS; i++) {
    const position = Math.floor(((i % POSITIONS) + 0.5) * (original.length / POSITIONS));
    // Type a character, then delete it: two edits per position, both measured.
    for (const text of [original.slice(0, position) + 'x' + original.slice(position), original]) {
      let started = performance.now();
      const full = lb.parse(text, file);
      const fullTime = performance.now() - started;
      const stats: Stats = { path: 'full' };
      started = performance.now();
      const incremental = lb.parseIncremental(previous, text, file, stats);
      const incrementalTime = performance.now() - started;
      if (i >= WARM_UP) {
        fullMs.push(fullTime);
        incrementalMs.push(incrementalTime);
        if (stats.path !== 'incremental') fallbacks++;
        deepStrictEqual(incremental, full);
        checked++;
      }
      previous = { text, file, result: incremental };
    }
  }
  const f = summary(fullMs);
  const n = summary(incrementalMs);
  const lines = original.split('\n').length - 1;
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  console.log(`incremental parse on editorDocument(10_000): ${lines} lines, ${(original.length / 1e6).toFixed(2)} MB, ${fullMs.length} edits at ${POSITIONS} positions, load ${loadavg()[0].toFixed(2)}`);
  console.log(`  full parse         best ${ms(f.best)}, median ${ms(f.median)}, p95 ${ms(f.p95)}`);
  console.log(`  parseIncremental   best ${ms(n.best)}, median ${ms(n.median)}, p95 ${ms(n.p95)}  (${fallbacks} fell back to a full parse)`);
  console.log(`  speed-up at the median: ${(f.median / n.median).toFixed(0)}x; ${checked} results deep-equal to the full parse`);
  console.log(JSON.stringify({ lines, bytes: original.length, edits: fullMs.length, full: f, incremental: n, fallbacks, fullMs, incrementalMs, load: loadavg()[0] }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
