/** Collects diagnostics; the severity of each code comes from the catalogue so call sites cannot disagree with it. */
import { makeDiagnostic, type Diagnostic, type RelatedInfo, type Span } from '../diagnostics/diagnostic.ts';
import { ruleInfo, type Code } from '../diagnostics/codes.ts';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  /** The same finding reached again (a loop body, a function called twice) is reported once. */
  private readonly seen = new Set<string>();

  report(code: Code, span: Span, message: string, related?: RelatedInfo[], data?: Record<string, unknown>): void {
    const key = `${code}\u0000${span.file}\u0000${span.start}\u0000${span.end}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const severity = ruleInfo(code)?.severity ?? 'error';
    this.diagnostics.push(makeDiagnostic(code, severity, span, message, related, data));
  }

  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }
}
