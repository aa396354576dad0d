/**
 * The generated files of an analysis for showing (preview, hover): emitted from a copy of the model in which every
 * secret's value is replaced by `<secret>`, so a preview never holds a secret. Writing real files (lb.compile)
 * uses lb's `compile` instead.
 */
import { blocksOutput, emitAll, isSecret, normalizeDiagnostics, Secret, type Diagnostic, type Model, type OutputFile } from '@lb/dsl';
import { SECRET_TEXT } from './value-text.ts';
import type { Analysis } from './workspace.ts';

export interface ShownOutputs {
  ok: boolean;
  outputs: OutputFile[];
  diagnostics: Diagnostic[];
}

/** By check result: an analysis and its views from imported files (`analyzeInContext`) share one emission. */
const memo = new WeakMap<Analysis['result'], ShownOutputs>();

export function shownOutputs(analysis: Analysis): ShownOutputs {
  let shown = memo.get(analysis.result);
  if (!shown) {
    shown = emitMasked(analysis);
    memo.set(analysis.result, shown);
  }
  return shown;
}

function emitMasked(analysis: Analysis): ShownOutputs {
  const { model, diagnostics } = analysis.result;
  if (blocksOutput(diagnostics)) return { ok: false, outputs: [], diagnostics };
  const emitted = emitAll(maskSecrets(model), analysis.entry);
  const all = normalizeDiagnostics([...diagnostics, ...emitted.diagnostics]);
  const ok = !blocksOutput(all);
  return { ok, outputs: ok ? emitted.outputs : [], diagnostics: all };
}

/** A deep copy with every secret masked; objects shared in the model stay shared in the copy. */
export function maskSecrets(model: Model): Model {
  const copies = new Map<object, unknown>();
  const mask = (value: unknown): unknown => {
    if (isSecret(value)) return new Secret(SECRET_TEXT, value.source);
    if (value === null || typeof value !== 'object') return value;
    const done = copies.get(value);
    if (done !== undefined) return done;
    if (Array.isArray(value)) {
      const list: unknown[] = [];
      copies.set(value, list);
      for (const v of value) list.push(mask(v));
      return list;
    }
    const copy: Record<string, unknown> = {};
    copies.set(value, copy);
    for (const [k, v] of Object.entries(value)) copy[k] = mask(v);
    return copy;
  };
  return mask(model) as Model;
}
