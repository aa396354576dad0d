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

/** A per-host finding whose text does not depend on the host: built once, then added for each host it occurs on. */
export class SharedFinding {
  readonly key: string;
  constructor(
    readonly code: Code,
    readonly span: Span,
    readonly message: string,
    readonly related: RelatedInfo[] = [],
  ) {
    this.key = findingKey(code, span, message);
  }
}

function findingKey(code: Code, span: Span, message: string): string {
  return `${code}|${spanKey(span)}|${message}`;
}

interface PendingFinding {
  code: Code;
  span: Span;
  message: string;
  related: RelatedInfo[];
  hosts: string[];
  /** Keys of `related`, and the last related list merged (a shared finding passes the same array every time). */
  relatedKeys: Set<string>;
  lastRelated?: RelatedInfo[];
  /** The host pass (see PerHostFindings) that last added a host. */
  lastPass: number;
  /** `hosts` is an array shared with other findings (see addToEveryHost): copy before changing it. */
  sharedHosts?: boolean;
}

/**
 * Collects findings of per-host checks. The same problem (same code, span and message) found on several hosts
 * becomes one diagnostic "... (on hosts lb1, lb2)"; a problem that exists on one host only says so.
 *
 * Checks run host by host, and a finding may repeat on hundreds of hosts, so host lists avoid a lookup per add: a
 * "pass" is a run of adds for one host object; a finding seen once in a pass is not added again in that pass, and in
 * a pass for a host name never seen before the name cannot be in any list yet.
 */
export class PerHostFindings {
  readonly #pending = new Map<string, PendingFinding>();
  #lastHost: Host | undefined;
  #pass = 0;
  #revisit = false;
  readonly #namesSeen = new Set<string>();

  add(host: Host | undefined, code: Code, span: Span, message: string, related: RelatedInfo[] = []): void {
    this.#add(host, findingKey(code, span, message), code, span, message, related);
  }

  addShared(host: Host | undefined, finding: SharedFinding): void {
    this.#add(host, finding.key, finding.code, finding.span, finding.message, finding.related);
  }

  #add(host: Host | undefined, key: string, code: Code, span: Span, message: string, related: RelatedInfo[]): void {
    let f = this.#pending.get(key);
    if (!f) {
      f = { code, span, message, related: [], hosts: [], relatedKeys: new Set(), lastPass: 0 };
      this.#pending.set(key, f);
    }
    if (related !== f.lastRelated) {
      for (const r of related) {
        const where = spanKey(r.span);
        const relatedKey = `${where.length}:${where}|${r.message}`;
        if (f.relatedKeys.has(relatedKey)) continue;
        f.relatedKeys.add(relatedKey);
        f.related.push(r);
      }
      f.lastRelated = related;
    }
    if (!host) return;
    if (host !== this.#lastHost) {
      this.#lastHost = host;
      this.#pass++;
      this.#revisit = this.#namesSeen.has(host.name);
      this.#namesSeen.add(host.name);
    }
    if (f.lastPass === this.#pass) return;
    f.lastPass = this.#pass;
    if (this.#revisit && f.hosts.includes(host.name)) return;
    if (f.sharedHosts) {
      f.hosts = [...f.hosts];
      f.sharedHosts = false;
    }
    f.hosts.push(host.name);
  }

  /**
   * For findings already added for the first of `hosts` that the caller knows recur on every one of them: the
   * same host lists as adding each finding on each host, without the per-host work (one list shared by all).
   */
  addToEveryHost(findings: readonly SharedFinding[], hosts: readonly Host[]): void {
    const names = [...new Set(hosts.map((h) => h.name))];
    for (const name of names) this.#namesSeen.add(name);
    for (const finding of findings) {
      const f = this.#pending.get(finding.key);
      if (!f) continue;
      f.hosts = names;
      f.sharedHosts = true;
    }
  }

  flushInto(reporter: Reporter): void {
    const listed = new Map<string[], string>();
    for (const f of this.#pending.values()) {
      let where = listed.get(f.hosts);
      if (where === undefined) {
        where = f.hosts.length === 0 ? '' : f.hosts.length === 1 ? ` (on host ${f.hosts[0]})` : ` (on hosts ${f.hosts.join(', ')})`;
        listed.set(f.hosts, where);
      }
      reporter.report(f.code, f.span, `${f.message}${where}`, f.related);
    }
    this.#pending.clear();
  }
}
