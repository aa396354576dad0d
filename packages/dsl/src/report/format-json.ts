/** `lb check --format json`: one array of plain objects, stable field order, 1-based positions. */
import type { Diagnostic, Position, Severity } from '../diagnostics/diagnostic.ts';
import type { SourceSet } from './sources.ts';

export interface JsonRange {
  start: Position;
  /** Exclusive: the position just after the last character of the range. */
  end: Position;
}

export interface JsonDiagnostic {
  file: string;
  code: string;
  severity: Severity;
  message: string;
  range: JsonRange;
  related: { file: string; message: string; range: JsonRange }[];
}

export function diagnosticsToJson(diagnostics: readonly Diagnostic[], sources: SourceSet): JsonDiagnostic[] {
  return diagnostics.map((d) => ({
    file: d.span.file,
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: sources.range(d.span),
    related: (d.related ?? []).map((r) => ({ file: r.span.file, message: r.message, range: sources.range(r.span) })),
  }));
}

export function formatJson(diagnostics: readonly Diagnostic[], sources: SourceSet): string {
  return `${JSON.stringify(diagnosticsToJson(diagnostics, sources), null, 2)}\n`;
}
