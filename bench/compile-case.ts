/**
 * One compile-scale case, run in its own process so that its peak memory is its own:
 *   node --import tsx bench/compile-case.ts FILE RUNS
 * Times each phase separately by calling the phase functions (best of RUNS): parse (text -> AST), check (evaluate
 * the AST into the model + run the checks), emit (model -> files), and the whole in-process compile. Prints one
 * JSON object on stdout.
 */
import { readFileSync } from 'node:fs';
import { compile, emitAll, evaluate, memoryFileSystem, normalizeDiagnostics, parse, runChecks } from '../packages/dsl/src/index.ts';

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const text = readFileSync(file, 'utf8');
const entry = 'bench.lb';
const options = { fs: memoryFileSystem({ [entry]: text }), env: {} };
const baselineRssKb = process.resourceUsage().maxRSS;

function best<T>(run: () => T): { ms: number; value: T } {
  let ms = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    value = run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, value };
}

const parsed = best(() => parse(text, entry));
// The check phase reuses the parse above, so parse time is not counted twice.
const checked = best(() => {
  const evaluated = evaluate(entry, options, () => parsed.value);
  return { model: evaluated.model, diagnostics: normalizeDiagnostics([...evaluated.diagnostics, ...runChecks(evaluated.model)]) };
});
const emitted = best(() => emitAll(checked.value.model, entry));
const whole = best(() => compile(entry, options));

const outputBytes = emitted.value.outputs.reduce((n, o) => n + Buffer.byteLength(o.text), 0);
console.log(
  JSON.stringify({
    bytes: Buffer.byteLength(text),
    lines: text.split('\n').length - 1,
    runs,
    parseMs: parsed.ms,
    checkMs: checked.ms,
    emitMs: emitted.ms,
    compileMs: whole.ms,
    errors: whole.value.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: whole.value.diagnostics.filter((d) => d.severity === 'warning').length,
    outputs: whole.value.outputs.map((o) => o.path),
    outputBytes,
    baselineRssMb: baselineRssKb / 1024,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
