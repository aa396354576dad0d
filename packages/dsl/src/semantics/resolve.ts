/**
 * Name resolution over the built model: every reference must name a declaration of the right kind (LB1003 with
 * "did you mean"), and names must be unique per kind (LB1004, pointing at the first declaration).
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Model, Ref } from '../model/model.ts';
import { closest } from '../util/suggest.ts';
import type { Reporter } from './report.ts';

export function resolveNames(model: Model, reporter: Reporter): void {
  checkDuplicates('frontend', model.frontends, reporter);
  checkDuplicates('backend', model.backends, reporter);
  checkDuplicates('stats page', model.stats.map((s) => ({ name: s.name, nameSpan: s.span, span: s.span })), reporter);
  checkDuplicates('host', model.hosts, reporter);
  checkDuplicates('vrrp', model.vrrps, reporter);
  checkDuplicates('cluster', model.clusters, reporter);
  const named = model.defaults.filter((d) => d.name !== undefined).map((d) => ({ name: d.name!, nameSpan: d.span, span: d.span }));
  checkDuplicates('defaults', named, reporter);
  const unnamed = model.defaults.filter((d) => d.name === undefined);
  for (const extra of unnamed.slice(1)) {
    reporter.report('LB1004', extra.span, 'There is already an unnamed defaults block. Merge them, or name this one and use it with `from NAME`.', [
      { span: unnamed[0].span, message: 'first unnamed defaults here' },
    ]);
  }
  for (const b of model.backends) checkDuplicates(`server in backend '${b.name}'`, b.servers, reporter);
  for (const c of model.clusters) checkDuplicates(`node in cluster '${c.name}'`, c.nodes, reporter);

  const backends = new Names(model.backends.map((b) => b.name));
  const defaults = new Names(named.map((d) => d.name));
  const hosts = new Names(model.hosts.map((h) => h.name));
  const vrrps = new Names(model.vrrps.map((v) => v.name));
  // Which `from` refs and placements frontends already carry (a backend of a listen shares them; checked once).
  const frontendFroms = new Set(model.frontends.map((f) => f.from));
  const frontendPlacements = new Set(model.frontends.map((f) => f.placement));
  for (const f of model.frontends) {
    if (f.defaultBackend) checkRef(f.defaultBackend, 'backend', backends, reporter);
    for (const r of f.routes) checkRef(r.backend, 'backend', backends, reporter);
    if (f.from) checkRef(f.from, 'defaults', defaults, reporter);
    for (const p of f.placement ?? []) checkRef(p, 'host', hosts, reporter);
  }
  for (const b of model.backends) {
    if (b.from && !frontendFroms.has(b.from)) checkRef(b.from, 'defaults', defaults, reporter);
    if (!frontendPlacements.has(b.placement)) for (const p of b.placement ?? []) checkRef(p, 'host', hosts, reporter);
  }
  for (const s of model.stats) for (const p of s.placement ?? []) checkRef(p, 'host', hosts, reporter);
  for (const v of model.vrrps) {
    for (const m of v.members) checkRef(m.host, 'host', hosts, reporter);
    if (v.master) {
      const members = v.members.map((m) => m.host.name);
      if (!members.includes(v.master.name)) {
        const suggestion = closest(v.master.name, members);
        reporter.report(
          'LB1003', v.master.span,
          `'${v.master.name}' is not a member of vrrp '${v.name}'.${suggestion ? ` Did you mean '${suggestion}'?` : ` Members: ${members.join(', ')}.`}`,
          undefined, suggestion ? { suggestion } : undefined,
        );
      }
    }
  }
  for (const c of model.clusters) {
    if (c.endpoint?.kind === 'vrrp') checkRef(c.endpoint.vrrp, 'vrrp', vrrps, reporter);
  }
}

/** Declared names in order (for suggestions), with a set for the lookup every reference makes. */
class Names {
  readonly #set: ReadonlySet<string>;
  constructor(readonly list: readonly string[]) {
    this.#set = new Set(list);
  }
  has(name: string): boolean {
    return this.#set.has(name);
  }
}

function checkRef(ref: Ref, kind: string, declared: Names, reporter: Reporter): void {
  if (declared.has(ref.name)) return;
  const names = declared.list;
  const suggestion = closest(ref.name, names);
  const hint = suggestion ? ` Did you mean '${suggestion}'?` : names.length > 0 ? ` Declared: ${names.join(', ')}.` : ` Declare it with '${kind} ${ref.name} { ... }'.`;
  reporter.report('LB1003', ref.span, `unknown ${kind} '${ref.name}'.${hint}`, undefined, suggestion ? { suggestion } : undefined);
}

function checkDuplicates(kind: string, items: readonly { name: string; nameSpan: Span; span: Span }[], reporter: Reporter): void {
  const first = new Map<string, { nameSpan: Span }>();
  for (const item of items) {
    const previous = first.get(item.name);
    if (!previous) {
      first.set(item.name, item);
      continue;
    }
    reporter.report('LB1004', item.nameSpan, `Duplicate ${kind} '${item.name}'. Rename one of them.`, [
      { span: previous.nameSpan, message: `'${item.name}' first declared here` },
    ]);
  }
}
