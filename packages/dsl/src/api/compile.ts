/**
 * The two entry points every front end uses (CLI, language server, tests, Deno): `check` (evaluate + lint) and
 * `compile` (check, then emit only when nothing blocks it). Pure: all IO goes through `options.fs`.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { runChecks } from '../checks/index.ts';
import type { OutputFile } from '../emit/common/output.ts';
import { emitAll } from '../emit/index.ts';
import type { Model } from '../model/model.ts';
import { evaluate } from '../semantics/index.ts';
import type { CompileOptions } from './host.ts';

export interface CheckResult {
  model: Model;
  /** Sorted (file, offset, code) and free of duplicates. */
  diagnostics: Diagnostic[];
  /** Text of every file that was read, by path: the entry and its imports. */
  files: Map<string, string>;
}

export interface CompileResult {
  /** True when outputs were produced: no error and nothing else blocking (see `blocksOutput`). */
  ok: boolean;
  /** Empty unless `ok`. */
  outputs: OutputFile[];
  diagnostics: Diagnostic[];
  files: Map<string, string>;
}

/** An unset environment variable without a default is only a warning in the editor, but writing a config built
 *  from an empty value would be wrong: output is withheld. */
const OUTPUT_BLOCKING_CODES = new Set(['LB1014']);

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** True when these diagnostics forbid writing any output. */
export function blocksOutput(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error' || OUTPUT_BLOCKING_CODES.has(d.code));
}

export function check(entry: string, options: CompileOptions): CheckResult {
  const evaluated = evaluate(entry, options);
  const diagnostics = normalizeDiagnostics([...evaluated.diagnostics, ...runChecks(evaluated.model)]);
  return { model: evaluated.model, diagnostics, files: evaluated.files };
}

export function compile(entry: string, options: CompileOptions): CompileResult {
  const checked = check(entry, options);
  if (blocksOutput(checked.diagnostics)) {
    return { ok: false, outputs: [], diagnostics: checked.diagnostics, files: checked.files };
  }
  const emitted = emitAll(checked.model, entry);
  const diagnostics = normalizeDiagnostics([...checked.diagnostics, ...emitted.diagnostics]);
  // An emitter may still refuse a value (LB5xxx); then no file is trustworthy, so none is returned.
  const ok = !blocksOutput(diagnostics);
  return { ok, outputs: ok ? emitted.outputs : [], diagnostics, files: checked.files };
}

/** Sorted, and without exact repeats (the same finding reached from two directions, e.g. a check and the evaluator). */
export function normalizeDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of sortDiagnostics([...list])) {
    const key = `${d.span.file}\u0000${d.span.start}\u0000${d.span.end}\u0000${d.code}\u0000${d.severity}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  return unique;
}
