/**
 * Declarations and references of names, for go to definition, references, rename, highlights and symbols.
 *  - Declared things (backends, frontends, hosts, vrrps, defaults, clusters) and the references to them come from
 *    lb's model, which already resolved every `default`, `route`, `from`, `on`, `members`, `master` and `endpoint`.
 *  - Variables and functions (let, fn, parameters, loop variables) are resolved lexically over the syntax tree, so
 *    code that did not run (a branch not taken, a function never called) is still found.
 */
import { resolveRelative, type Ast, type Model, type Span } from '@lb/dsl';
import { containsOffset, spanKey } from './convert.ts';
import { itemExpressions, nestedItems, plainString, subExpressions } from './syntax-walk.ts';

export type NameKind = 'backend' | 'frontend' | 'host' | 'vrrp' | 'defaults' | 'cluster' | 'let' | 'fn' | 'param' | 'loop';

export interface Occurrence {
  /** Same key = same thing: `backend:app`, or `var:<span of the definition>` for variables and functions. */
  key: string;
  kind: NameKind;
  name: string;
  span: Span;
  declaration: boolean;
}

export interface NameIndex {
  occurrences: Occurrence[];
  /** The occurrence under an offset of a file (the narrowest). */
  at(file: string, offset: number): Occurrence | undefined;
  byKey(key: string): Occurrence[];
  /** Imports of each file: the string literal's span and the resolved path. */
  imports: { span: Span; path: string }[];
}

interface AnalysisLike {
  path: string;
  result: { model: Model; files: ReadonlyMap<string, string> };
  ast(path: string): Ast.SourceFile | undefined;
}

export function buildNameIndex(analysis: AnalysisLike): NameIndex {
  const occurrences: Occurrence[] = [];
  const seen = new Set<string>();
  const add = (o: Occurrence) => {
    const id = `${o.key}|${spanKey(o.span)}`;
    if (seen.has(id)) return;
    seen.add(id);
    occurrences.push(o);
  };
  collectModelNames(analysis, add);
  const imports: NameIndex['imports'] = [];
  collectVariables(analysis, add, imports);
  occurrences.sort((a, b) => (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : a.span.start - b.span.start));
  const byKey = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const list = byKey.get(o.key);
    if (list) list.push(o);
    else byKey.set(o.key, [o]);
  }
  return {
    occurrences,
    imports,
    at(file, offset) {
      let best: Occurrence | undefined;
      for (const o of occurrences) {
        if (o.span.file !== file || !containsOffset(o.span, offset)) continue;
        if (!best || o.span.end - o.span.start < best.span.end - best.span.start) best = o;
      }
      return best;
    },
    byKey: (key) => byKey.get(key) ?? [],
  };
}

function collectModelNames(analysis: AnalysisLike, add: (o: Occurrence) => void): void {
  const { model } = analysis.result;
  const decl = (kind: NameKind, name: string, span: Span) => add({ key: `${kind}:${name}`, kind, name, span, declaration: true });
  const ref = (kind: NameKind, r: { name: string; span: Span } | undefined) => {
    if (r) add({ key: `${kind}:${r.name}`, kind, name: r.name, span: r.span, declaration: false });
  };
  const backendNames = new Set<string>();
  for (const b of model.backends) {
    if (b.origin.kind !== 'user') continue;
    decl('backend', b.name, b.nameSpan);
    backendNames.add(spanKey(b.nameSpan));
  }
  for (const f of model.frontends) {
    if (f.origin.kind !== 'user') continue;
    // A listen block is a frontend and a backend with one name: it is the backend that `default` can point at.
    if (!backendNames.has(spanKey(f.nameSpan))) decl('frontend', f.name, f.nameSpan);
    ref('defaults', f.from);
    ref('backend', f.defaultBackend);
    for (const r of f.routes) ref('backend', r.backend);
    for (const h of f.placement ?? []) ref('host', h);
  }
  for (const b of model.backends) {
    if (b.origin.kind !== 'user') continue;
    ref('defaults', b.from);
    for (const h of b.placement ?? []) ref('host', h);
  }
  for (const s of model.stats) for (const h of s.placement ?? []) ref('host', h);
  for (const h of model.hosts) if (h.origin.kind === 'user') decl('host', h.name, h.nameSpan);
  for (const v of model.vrrps) {
    decl('vrrp', v.name, v.nameSpan);
    for (const m of v.members) ref('host', m.host);
    ref('host', v.master);
  }
  for (const c of model.clusters) {
    decl('cluster', c.name, c.nameSpan);
    if (c.endpoint?.kind === 'vrrp') ref('vrrp', c.endpoint.vrrp);
  }
  // Named defaults keep only their block's span in the model; the name is the block's first header argument.
  for (const d of model.defaults) {
    if (d.name === undefined) continue;
    const block = blockAt(analysis.ast(d.span.file)?.items ?? [], d.span);
    const nameExpr = block?.groups[0]?.[0];
    decl('defaults', d.name, nameExpr ? nameExpr.span : d.span);
  }
}

function blockAt(items: readonly Ast.Item[], span: Span): Ast.Block | undefined {
  for (const item of items) {
    if (item.kind === 'Block' && item.span.start === span.start && item.span.end === span.end) return item;
    if (span.start < item.span.start || span.end > item.span.end) continue;
    for (const list of nestedItems(item)) {
      const found = blockAt(list, span);
      if (found) return found;
    }
  }
  return undefined;
}

// ---------- variables and functions ----------

interface Definition {
  key: string;
  kind: NameKind;
  name: string;
}

class LexicalScope {
  private readonly names = new Map<string, Definition>();
  constructor(readonly parent?: LexicalScope) {}
  lookup(name: string): Definition | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
  define(name: string, def: Definition): void {
    if (!this.names.has(name)) this.names.set(name, def);
  }
  entries(): IterableIterator<[string, Definition]> {
    return this.names.entries();
  }
}

function collectVariables(analysis: AnalysisLike, add: (o: Occurrence) => void, imports: NameIndex['imports']): void {
  const topLevel = new Map<string, LexicalScope>();
  const loading = new Set<string>();

  const declare = (scope: LexicalScope, kind: NameKind, ident: Ast.Ident) => {
    const def: Definition = { key: `var:${spanKey(ident.span)}`, kind, name: ident.name };
    scope.define(ident.name, def);
    add({ key: def.key, kind, name: ident.name, span: ident.span, declaration: true });
  };
  const use = (scope: LexicalScope, ident: Ast.Ident) => {
    const def = scope.lookup(ident.name);
    if (def) add({ key: def.key, kind: def.kind, name: ident.name, span: ident.span, declaration: false });
  };
  const expr = (scope: LexicalScope, e: Ast.Expr): void => {
    if (e.kind === 'Ident') use(scope, e);
    else if (e.kind === 'Call') use(scope, e.callee);
    for (const sub of subExpressions(e)) expr(scope, sub);
  };

  const items = (scope: LexicalScope, list: readonly Ast.Item[], file: string): void => {
    for (const item of list) if (item.kind === 'Fn') declare(scope, 'fn', item.name);
    for (const item of list) {
      switch (item.kind) {
        case 'Let':
          expr(scope, item.value);
          declare(scope, 'let', item.name);
          break;
        case 'Fn': {
          const inner = new LexicalScope(scope);
          for (const p of item.params) declare(inner, 'param', p);
          if (item.body.kind === 'Expr') expr(inner, item.body.expr);
          else items(new LexicalScope(inner), item.body.items, file);
          break;
        }
        case 'For': {
          expr(scope, item.iterable);
          const inner = new LexicalScope(scope);
          if (item.index) declare(inner, 'loop', item.index);
          declare(inner, 'loop', item.variable);
          items(inner, item.body, file);
          break;
        }
        case 'Import': {
          const spec = plainString(item.path);
          if (spec === undefined) break;
          const path = resolveRelative(file, spec);
          imports.push({ span: item.path.span, path });
          const imported = loadFile(path);
          if (imported) for (const [name, def] of imported.entries()) scope.define(name, def);
          break;
        }
        default:
          for (const e of itemExpressions(item)) expr(scope, e);
          for (const nested of nestedItems(item)) items(new LexicalScope(scope), nested, file);
      }
    }
  };

  const loadFile = (path: string): LexicalScope | undefined => {
    const done = topLevel.get(path);
    if (done || loading.has(path)) return done;
    const ast = analysis.ast(path);
    if (!ast) return undefined;
    loading.add(path);
    const scope = new LexicalScope();
    items(scope, ast.items, path);
    loading.delete(path);
    topLevel.set(path, scope);
    return scope;
  };

  loadFile(analysis.path);
  // Files read by the analysis but reached another way (e.g. through a computed import path) still get an index.
  for (const path of analysis.result.files.keys()) loadFile(path);
}
