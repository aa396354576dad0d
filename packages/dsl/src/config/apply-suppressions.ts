/**
 * Removes the diagnostics that inline suppressions cover and reports each suppressed code that covered nothing
 * (LB1024), so stale suppressions get cleaned up.
 */
import { makeDiagnostic, SourceText, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Suppression } from './suppressions.ts';

export interface SuppressionOutcome {
  kept: Diagnostic[];
  /** How many diagnostics were removed. */
  suppressed: number;
  /** One LB1024 per suppressed code that matched nothing. */
  unused: Diagnostic[];
}

export function applySuppressions(
  diagnostics: readonly Diagnostic[],
  suppressions: readonly Suppression[],
  files: ReadonlyMap<string, string>,
): SuppressionOutcome {
  const used = new Set<string>();
  const keyOf = (s: Suppression, code: string) => `${s.span.file}\u0000${s.span.start}\u0000${code}`;
  const byFile = new Map<string, Suppression[]>();
  for (const s of suppressions) byFile.set(s.file, [...(byFile.get(s.file) ?? []), s]);
  const sources = new Map<string, SourceText>();
  const lineOf = (d: Diagnostic): number => {
    let source = sources.get(d.span.file);
    if (!source) sources.set(d.span.file, (source = new SourceText(d.span.file, files.get(d.span.file) ?? '')));
    return source.position(d.span.start).line;
  };

  const kept: Diagnostic[] = [];
  let suppressed = 0;
  for (const d of diagnostics) {
    let hit = false;
    for (const s of byFile.get(d.span.file) ?? []) {
      if (!s.codes.some((c) => c.code === d.code)) continue;
      if (s.scope === 'line' && s.line !== lineOf(d)) continue;
      used.add(keyOf(s, d.code));
      hit = true;
    }
    if (hit) suppressed++;
    else kept.push(d);
  }

  const unused: Diagnostic[] = [];
  for (const s of suppressions) {
    for (const c of s.codes) {
      if (used.has(keyOf(s, c.code))) continue;
      const where = s.scope === 'file' ? 'in this file' : s.line === undefined ? 'after this comment (no line of code follows it)' : `on line ${s.line}`;
      unused.push(makeDiagnostic('LB1024', 'warning', c.span, `nothing reports ${c.code} ${where}; ${s.codes.length > 1 ? `remove ${c.code} from this suppression` : 'remove this suppression'}`));
    }
  }
  return { kept, suppressed, unused };
}
