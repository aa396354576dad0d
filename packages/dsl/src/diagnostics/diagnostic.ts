/** A half-open range of UTF-16 offsets [start, end) in one source file. */
export interface Span {
  file: string;
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedInfo {
  span: Span;
  message: string;
}

/**
 * The one diagnostic shape of the whole toolchain. Offsets only: line/column are derived on demand
 * (see `SourceText.position`) so the core never has to agree with a client on line endings.
 * Messages never contain secret values: secrets are `Secret` objects whose string form is masked.
 */
export interface Diagnostic {
  /** Stable code, `LB` + 4 digits; the catalogue is `codes.ts`. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedInfo[];
  /** Machine-readable hints for quick fixes (issue 4), e.g. { suggestion: 'app' }. */
  data?: Record<string, unknown>;
}

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units */
  column: number;
}

/** Line table for one file; converts offsets to 1-based line/column. */
export class SourceText {
  private readonly lineStarts: number[] = [0];
  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.lineStarts[lo] + 1 };
  }
  offset(pos: Position): number {
    const start = this.lineStarts[Math.max(0, Math.min(pos.line - 1, this.lineStarts.length - 1))];
    return Math.min(start + pos.column - 1, this.text.length);
  }
  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.text.length;
    const next = this.lineStarts[line] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, '');
  }
}

export function makeDiagnostic(
  code: string,
  severity: Severity,
  span: Span,
  message: string,
  related?: RelatedInfo[],
  data?: Record<string, unknown>,
): Diagnostic {
  const d: Diagnostic = { code, severity, message, span };
  if (related && related.length > 0) d.related = related;
  if (data) d.data = data;
  return d;
}

/** Sort by file, then offset, then code, so every output is deterministic. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
