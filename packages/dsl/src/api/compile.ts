/**
 * The two entry points every front end uses (CLI, language server, tests, Deno): `check` (evaluate + lint) and
 * `compile` (check, then emit only when nothing blocks it). Pure: all IO goes through `options.fs`.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { runChecks } from '../checks/index.ts';
import { applyProjectPolicy, loadProjectConfig, type LoadedProjectConfig } from '../config/index.ts';
import { OUTPUT_BLOCKING_CODES } from '../config/policy.ts';
import type { OutputFile } from '../emit/common/output.ts';
import { emitAll } from '../emit/index.ts';
import type { Model } from '../model/model.ts';
import { evaluate } from '../semantics/index.ts';
import type { CompileOptions } from './host.ts';

export interface CheckResult {
  model: Model;
  /** Sorted (file, offset, code) and free of duplicates. */
  diagnostics: Diagnostic[];
  /** Text of every file that was read, by path: the entry, its imports and the `lb.json` found, if any. */
  files: Map<string, string>;
  /** Findings hidden by a `# lb-ignore` suppression or by an "off" in lb.json (not in `diagnostics`). */
  suppressed: number;
}

export interface CompileResult {
  /** True when outputs were produced: no error and nothing else blocking (see `blocksOutput`). */
  ok: boolean;
  /** Empty unless `ok`. */
  outputs: OutputFile[];
  diagnostics: Diagnostic[];
  files: Map<string, string>;
  /** See `CheckResult.suppressed`. */
  suppressed: number;
  /** The checked model (also when output is withheld), so callers need not evaluate the program twice. */
  model: Model;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** True when these diagnostics forbid writing any output. */
export function blocksOutput(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error' || OUTPUT_BLOCKING_CODES.has(d.code));
}

export function check(entry: string, options: CompileOptions): CheckResult {
  const evaluated = evaluate(entry, options);
  const found = normalizeDiagnostics([...evaluated.diagnostics, ...runChecks(evaluated.model)]);
  const project: LoadedProjectConfig = options.config
    ? { config: options.config, diagnostics: [] }
    : loadProjectConfig(entry, options.fs, options.cwd);
  // Suppressions are read from the .lb files only, so this runs before lb.json joins `files`.
  const policy = applyProjectPolicy(found, evaluated.files, project.config);
  const files = new Map(evaluated.files);
  if (project.source) files.set(project.source.path, project.source.text);
  const diagnostics = normalizeDiagnostics([...policy.diagnostics, ...project.diagnostics]);
  return { model: evaluated.model, diagnostics, files, suppressed: policy.suppressed };
}

export function compile(entry: string, options: CompileOptions): CompileResult {
  const checked = check(entry, options);
  if (blocksOutput(checked.diagnostics)) {
    return { ok: false, outputs: [], diagnostics: checked.diagnostics, files: checked.files, suppressed: checked.suppressed, model: checked.model };
  }
  const emitted = emitAll(checked.model, entry);
  const diagnostics = normalizeDiagnostics([...checked.diagnostics, ...emitted.diagnostics]);
  // An emitter may still refuse a value (LB5xxx); then no file is trustworthy, so none is returned.
  const ok = !blocksOutput(diagnostics);
  return { ok, outputs: ok ? emitted.outputs : [], diagnostics, files: checked.files, suppressed: checked.suppressed, model: checked.model };
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
