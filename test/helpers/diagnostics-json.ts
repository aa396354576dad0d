/** Compact, stable JSON for golden diagnostics: positions as "line:col-line:col" (1-based). */
import { SourceText, type Diagnostic } from '../../packages/dsl/src/diagnostics/diagnostic.ts';

export function diagnosticsJson(diagnostics: Diagnostic[], files: Map<string, string>): string {
  const texts = new Map<string, SourceText>();
  const where = (span: Diagnostic['span']): string => {
    let st = texts.get(span.file);
    if (!st) texts.set(span.file, (st = new SourceText(span.file, files.get(span.file) ?? '')));
    const a = st.position(span.start);
    const b = st.position(span.end);
    return `${span.file}:${a.line}:${a.column}-${b.line}:${b.column}`;
  };
  const rows = diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    at: where(d.span),
    message: d.message,
    ...(d.related ? { related: d.related.map((r) => ({ at: where(r.span), message: r.message })) } : {}),
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}
