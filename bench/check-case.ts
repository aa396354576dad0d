/**
 * The anchor of the language-server figures: lb's `check()` on one file in-process, the very call the server makes
 * on every version of a document (parse, evaluate, checks, suppressions), run in its own process:
 *   node --import tsx bench/check-case.ts FILE RUNS
 * Prints one JSON object on stdout: every run's time, the best and the median, and the diagnostics found.
 */
import { readFileSync } from 'node:fs';
import { check, memoryFileSystem } from '../packages/dsl/src/index.ts';

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const entry = '/bench/editor-bench.lb';
const options = { fs: memoryFileSystem({ [entry]: readFileSync(file, 'utf8') }), env: {} };
const times: number[] = [];
let errors = 0;
let warnings = 0;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const result = check(entry, options);
  times.push(performance.now() - started);
  errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
}
const sorted = [...times].sort((a, b) => a - b);
console.log(JSON.stringify({ runs, times, bestMs: sorted[0], medianMs: sorted[Math.floor(sorted.length / 2)], errors, warnings }));
