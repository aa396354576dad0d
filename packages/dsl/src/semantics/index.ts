/**
 * The semantics phase: evaluate the scripting layer of an entry file and its imports, build the typed model,
 * derive implied elements and resolve names. Pure: files come from `options.fs`, the environment from `options.env`.
 */
import type { CompileOptions } from '../api/host.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Model } from '../model/model.ts';
import { parse } from '../syntax/index.ts';
import { buildModel } from './build/index.ts';
import { deriveElements } from './derive.ts';
import { interpret, type ParseFn } from './interpreter.ts';
import { Reporter } from './report.ts';
import { resolveNames } from './resolve.ts';

export interface EvaluateResult {
  model: Model;
  diagnostics: Diagnostic[];
  /** path -> text of every file read (the entry and its imports), for code frames. */
  files: Map<string, string>;
}

export function evaluate(entry: string, options: CompileOptions, parseFile: ParseFn = options.parse ?? parse): EvaluateResult {
  const reporter = new Reporter();
  const { decls, sources, files } = interpret(entry, options, reporter, parseFile);
  const model = buildModel(decls, reporter, sources.length > 0 ? sources : [entry]);
  deriveElements(model);
  resolveNames(model, reporter);
  return { model, diagnostics: reporter.diagnostics, files };
}

export { SCHEMA, BLOCK_KINDS, type BlockKind, type BlockSpec, type DirectiveSpec } from './schema.ts';
export type { Decl, EvalValue } from './values.ts';
