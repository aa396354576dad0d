/**
 * Compact, deterministic JSON for syntax golden files: spans become [start, end] (the file name is dropped: it is
 * the same everywhere), one node per line at most, short arrays inline.
 */
import type { Diagnostic } from '../../packages/dsl/src/diagnostics/diagnostic.ts';

function isSpan(v: unknown): v is { start: number; end: number } {
  return typeof v === 'object' && v !== null && 'start' in v && 'end' in v && 'file' in v;
}

function simplify(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(simplify);
  if (isSpan(v)) return [v.start, v.end];
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'file' && x !== undefined) out[k] = simplify(x);
    return out;
  }
  return v;
}

/** Prints objects whose one-line form fits in 100 columns on one line, bigger ones expanded. */
function print(v: unknown, indent: string): string {
  const flat = JSON.stringify(v);
  if (flat.length + indent.length <= 110 || typeof v !== 'object' || v === null) return flat;
  const inner = indent + '  ';
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + print(x, inner)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${print(x, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

export function astJson(ast: unknown): string {
  return print(simplify(ast), '') + '\n';
}

export function diagnosticsJson(list: Diagnostic[]): string {
  return print(simplify(list), '') + '\n';
}
