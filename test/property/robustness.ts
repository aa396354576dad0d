/**
 * The robustness property for any text: parse, check and compile return (never throw), each within a time bound,
 * and every diagnostic they report is well formed: a known code, a known file, and a span (and related spans) inside
 * that file's text. Returns the first problem found, or undefined.
 */
import { check, compile, memoryFileSystem, parse, RULES, type Diagnostic } from '../../packages/dsl/src/index.ts';

export const ENTRY = 'main.lb';
/** Values for the env() names the corpus uses, so most programs evaluate fully. */
export const FUZZ_ENV: Record<string, string> = { S: 'pw', STATS_PASSWORD: 'pw', VRRP_PASS: 'pw', SSH_PASS: 'pw', STAGE: 'prod' };

/** Per call, generous for a loaded 2-core machine: a real hang or a quadratic blow-up still exceeds it. */
export const DEFAULT_TIME_LIMIT_MS = Number(process.env.LB_PROPERTY_TIME_LIMIT_MS ?? 4000);

function timed<T>(label: string, limitMs: number, run: () => T): { value?: T; problem?: string } {
  const started = performance.now();
  let value: T;
  try {
    value = run();
  } catch (e) {
    return { problem: `${label} threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
  const elapsed = performance.now() - started;
  if (elapsed > limitMs) return { problem: `${label} took ${elapsed.toFixed(0)} ms (limit ${limitMs} ms)` };
  return { value };
}

export function spanProblem(d: Diagnostic, files: ReadonlyMap<string, string>): string | undefined {
  const where = (span: Diagnostic['span'], what: string): string | undefined => {
    const text = files.get(span.file);
    if (text === undefined) return `${d.code} ${what} names an unknown file ${JSON.stringify(span.file)}`;
    const { start, end } = span;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > text.length) {
      return `${d.code} ${what} [${start}, ${end}) is outside ${span.file} (length ${text.length}): ${d.message}`;
    }
    return undefined;
  };
  if (!RULES.has(d.code)) return `unknown diagnostic code ${JSON.stringify(d.code)}: ${d.message}`;
  if (typeof d.message !== 'string' || d.message.trim() === '') return `${d.code} has an empty message`;
  const own = where(d.span, 'span');
  if (own) return own;
  for (const [i, r] of (d.related ?? []).entries()) {
    const problem = where(r.span, `related[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** Checks one text; `limitMs` bounds each of the three calls. */
export function robustnessProblem(text: string, limitMs = DEFAULT_TIME_LIMIT_MS): string | undefined {
  const files = new Map([[ENTRY, text]]);
  const options = { fs: memoryFileSystem({ [ENTRY]: text }), env: FUZZ_ENV };

  const parsed = timed('parse', limitMs, () => parse(text, ENTRY));
  if (parsed.problem) return parsed.problem;
  for (const d of parsed.value!.diagnostics) {
    const problem = spanProblem(d, files);
    if (problem) return `parse: ${problem}`;
  }

  const checked = timed('check', limitMs, () => check(ENTRY, options));
  if (checked.problem) return checked.problem;
  for (const d of checked.value!.diagnostics) {
    const problem = spanProblem(d, checked.value!.files);
    if (problem) return `check: ${problem}`;
  }

  const compiled = timed('compile', limitMs, () => compile(ENTRY, options));
  if (compiled.problem) return compiled.problem;
  const result = compiled.value!;
  for (const d of result.diagnostics) {
    const problem = spanProblem(d, result.files);
    if (problem) return `compile: ${problem}`;
  }
  if (result.ok && result.diagnostics.some((d) => d.severity === 'error')) return 'compile returned ok with an error diagnostic';
  for (const out of result.outputs) {
    if (!out.text.endsWith('\n')) return `${out.path} does not end with a newline`;
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(out.text)) return `${out.path} contains a control character`;
  }
  return undefined;
}
