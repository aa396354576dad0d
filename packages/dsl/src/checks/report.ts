/**
 * How checks report: the severity always comes from the catalogue (codes.ts), so a check cannot drift from it,
 * and findings that repeat on several hosts are merged into one diagnostic that names the hosts.
 */
import { ruleInfo, type Code } from '../diagnostics/codes.ts';
import { makeDiagnostic, type Diagnostic, type RelatedInfo, type Span } from '../diagnostics/diagnostic.ts';
import type { Host } from '../model/model.ts';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(code: Code, span: Span, message: string, related?: RelatedInfo[], data?: Record<string, unknown>): void {
    const severity = ruleInfo(code)?.severity ?? 'error';
    this.diagnostics.push(makeDiagnostic(code, severity, span, message, related, data));
  }
}

export function spanKey(s: Span): string {
  return `${s.file}:${s.start}:${s.end}`;
}

interface PendingFinding {
  code: Code;
  span: Span;
  message: string;
  related: RelatedInfo[];
  hosts: string[];
}

/**
 * Collects findings of per-host checks. The same problem (same code, span and message) found on several hosts
 * becomes one diagnostic "... (on hosts lb1, lb2)"; a problem that exists on one host only says so.
 */
export class PerHostFindings {
  readonly #pending = new Map<string, PendingFinding>();

  add(host: Host | undefined, code: Code, span: Span, message: string, related: RelatedInfo[] = []): void {
    const key = `${code}|${spanKey(span)}|${message}`;
    let f = this.#pending.get(key);
    if (!f) {
      f = { code, span, message, related: [], hosts: [] };
      this.#pending.set(key, f);
    }
    for (const r of related) {
      if (!f.related.some((x) => spanKey(x.span) === spanKey(r.span) && x.message === r.message)) f.related.push(r);
    }
    if (host && !f.hosts.includes(host.name)) f.hosts.push(host.name);
  }

  flushInto(reporter: Reporter): void {
    for (const f of this.#pending.values()) {
      const where = f.hosts.length === 0 ? '' : f.hosts.length === 1 ? ` (on host ${f.hosts[0]})` : ` (on hosts ${f.hosts.join(', ')})`;
      reporter.report(f.code, f.span, `${f.message}${where}`, f.related);
    }
    this.#pending.clear();
  }
}
