/**
 * Where `check()` spends its time after parsing, phase by phase: `node --import tsx bench/check-phases.ts [LINES]`.
 *
 * The document is `editorDocument(LINES)` (default 10,000), the language-server benchmark's. It is parsed once; then
 * every run goes through the phases `check()` runs, in order, each timed on its own: interpret (scripting layer ->
 * declarations), buildModel, deriveElements, resolveNames, runChecks, normalizeDiagnostics and applyProjectPolicy.
 * The library is bundled with esbuild first (tsx adds a wrapper to every function, which distorts small costs).
 * 5 warm-up runs, then 10 measured; prints best and median per phase and of the total, and one JSON line.
 * These VMs are noisy (bench/README.md): compare runs made at the same time, and read the best.
 * Profile with `node --cpu-prof --import tsx bench/check-phases.ts` (BENCH_RUNS=200 gives the profile more samples).
 * BENCH_SRC=DIR measures another copy of packages/dsl/src (e.g. `git archive HEAD packages/dsl/src` unpacked
 * elsewhere), for a before/after comparison run at the same time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importBundled } from './bundle.ts';
import { editorDocument } from './generate.ts';

const ROOT = resolve(import.meta.dirname, '..');
const lines = Number(process.argv[2] ?? 10_000);
const WARM_UP = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const TARGET_MS = 20;

type Diagnostic = { code: string };
interface Phases {
  parse(text: string, file: string): unknown;
  memoryFileSystem(files: Record<string, string>): unknown;
  Reporter: new () => { diagnostics: Diagnostic[] };
  interpret(entry: string, options: unknown, reporter: unknown, parse: () => unknown): { decls: unknown[]; sources: string[]; files: Map<string, string> };
  buildModel(decls: unknown[], reporter: unknown, sources: string[]): unknown;
  deriveElements(model: unknown): void;
  resolveNames(model: unknown, reporter: unknown): void;
  runChecks(model: unknown): Diagnostic[];
  normalizeDiagnostics(list: Diagnostic[]): Diagnostic[];
  applyProjectPolicy(list: Diagnostic[], files: Map<string, string>, config: unknown): { diagnostics: Diagnostic[] };
}

/** The phase functions straight from their modules, bundled into one file. */
async function bundledPhases(dir: string): Promise<Phases> {
  const src = process.env.BENCH_SRC ?? './packages/dsl/src';
  return importBundled<Phases>(dir, 'phases', [
    `export { parse, memoryFileSystem, runChecks, normalizeDiagnostics } from '${src}/index.ts';`,
    `export { Reporter } from '${src}/semantics/report.ts';`,
    `export { interpret } from '${src}/semantics/interpreter.ts';`,
    `export { buildModel } from '${src}/semantics/build/index.ts';`,
    `export { deriveElements } from '${src}/semantics/derive.ts';`,
    `export { resolveNames } from '${src}/semantics/resolve.ts';`,
    `export { applyProjectPolicy } from '${src}/config/index.ts';`,
  ].join('\n'));
}

const PHASES = ['interpret', 'buildModel', 'derive', 'resolve', 'runChecks', 'normalize', 'policy'] as const;
type Phase = (typeof PHASES)[number];

function summary(samples: number[]): { best: number; median: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { best: sorted[0], median: sorted[sorted.length >> 1] };
}

const dir = mkdtempSync(join(tmpdir(), 'lb-check-phases-'));
try {
  const lb = await bundledPhases(dir);
  const text = editorDocument(lines);
  const entry = 'editor.lb';
  const options = { fs: lb.memoryFileSystem({ [entry]: text }), env: {} };
  const parsed = lb.parse(text, entry);
  const config = { rules: new Map() };

  const samples = Object.fromEntries([...PHASES, 'total'].map((p) => [p, [] as number[]])) as Record<Phase | 'total', number[]>;
  let diagnostics: Diagnostic[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const times = {} as Record<Phase, number>;
    let started = performance.now();
    const lap = (phase: Phase) => {
      const now = performance.now();
      times[phase] = now - started;
      started = now;
    };
    // The same sequence as api/compile.ts `check()` with `options.config` given.
    const reporter = new lb.Reporter();
    const { decls, sources, files } = lb.interpret(entry, options, reporter, () => parsed);
    lap('interpret');
    const model = lb.buildModel(decls, reporter, sources);
    lap('buildModel');
    lb.deriveElements(model);
    lap('derive');
    lb.resolveNames(model, reporter);
    lap('resolve');
    const checked = lb.runChecks(model);
    lap('runChecks');
    const found = lb.normalizeDiagnostics([...reporter.diagnostics, ...checked]);
    lap('normalize');
    const policy = lb.applyProjectPolicy(found, files, config);
    diagnostics = lb.normalizeDiagnostics(policy.diagnostics);
    lap('policy');
    if (run < WARM_UP) continue;
    let total = 0;
    for (const phase of PHASES) {
      samples[phase].push(times[phase]);
      total += times[phase];
    }
    samples.total.push(total);
  }

  const actualLines = text.split('\n').length - 1;
  console.log(`check phases on editorDocument(${lines}): ${actualLines} lines, ${(text.length / 1e6).toFixed(2)} MB, ${diagnostics.length} diagnostics, load ${loadavg()[0].toFixed(2)}`);
  const results: Record<string, { best: number; median: number }> = {};
  for (const phase of [...PHASES, 'total'] as const) {
    const s = summary(samples[phase]);
    results[phase] = s;
    console.log(`  ${phase.padEnd(10)} best ${s.best.toFixed(2).padStart(6)} ms, median ${s.median.toFixed(2).padStart(6)} ms`);
  }
  console.log(`  target: total < ${TARGET_MS} ms (best)`);
  console.log(JSON.stringify({ lines: actualLines, bytes: text.length, runs: RUNS, results, samples, load: loadavg()[0] }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
