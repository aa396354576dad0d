/**
 * The one place where lb's offsets, spans and diagnostics become LSP positions, ranges and diagnostics (and back).
 * lb counts UTF-16 offsets and '\n'-separated lines, which is exactly LSP's default position encoding.
 */
import { ruleHelpUri, SourceText, type Diagnostic, type Span } from '@lb/dsl';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type Location,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { pathToUri } from './paths.ts';

export const DIAGNOSTIC_SOURCE = 'lb';

/** Line tables of the files an analysis read, so spans in any of them (related information) can be converted. */
export class Sources {
  private readonly tables = new Map<string, SourceText>();
  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  table(file: string): SourceText | undefined {
    let t = this.tables.get(file);
    if (!t) {
      const text = this.texts.get(file);
      if (text === undefined) return undefined;
      t = new SourceText(file, text);
      this.tables.set(file, t);
    }
    return t;
  }

  text(file: string): string | undefined {
    return this.texts.get(file);
  }

  /** The source text a span covers ('' when the file is unknown). */
  slice(span: Span): string {
    return this.texts.get(span.file)?.slice(span.start, span.end) ?? '';
  }

  position(file: string, offset: number): Position {
    const p = this.table(file)?.position(offset) ?? { line: 1, column: 1 };
    return { line: p.line - 1, character: p.column - 1 };
  }

  offset(file: string, position: Position): number {
    const t = this.table(file);
    return t ? t.offset({ line: position.line + 1, column: position.character + 1 }) : 0;
  }

  range(span: Span): Range {
    return { start: this.position(span.file, span.start), end: this.position(span.file, span.end) };
  }

  location(span: Span): Location {
    return { uri: pathToUri(span.file), range: this.range(span) };
  }
}


const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Codes whose finding is "this is not used": editors grey such code out. */
const UNNECESSARY = new Set(['LB1020', 'LB2015']);

export function toLspDiagnostic(d: Diagnostic, sources: Sources): LspDiagnostic {
  const out: LspDiagnostic = {
    range: sources.range(d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: ruleHelpUri(d.code) },
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related
      .filter((r) => sources.text(r.span.file) !== undefined)
      .map((r) => ({ location: sources.location(r.span), message: r.message }));
  }
  if (UNNECESSARY.has(d.code)) out.tags = [DiagnosticTag.Unnecessary];
  // The quick fixes (code-actions.ts) read the original span and the core's hints back from `data`.
  out.data = { span: d.span, ...(d.data ?? {}) };
  return out;
}

export function containsOffset(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

export function spanKey(span: Span): string {
  return `${span.file}:${span.start}:${span.end}`;
}
