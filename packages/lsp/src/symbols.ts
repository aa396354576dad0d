/** The outline of a document (blocks with their directives, lets, fns) and the workspace's declared names. */
import { type Ast } from '@lb/dsl';
import { SymbolKind, type DocumentSymbol, type WorkspaceSymbol } from 'vscode-languageserver';
import { spanKey } from './convert.ts';
import type { NameKind } from './names.ts';
import type { Analysis, Workspace } from './workspace.ts';

const BLOCK_SYMBOL: Record<string, SymbolKind> = {
  global: SymbolKind.Namespace, defaults: SymbolKind.Namespace, frontend: SymbolKind.Interface, backend: SymbolKind.Class,
  listen: SymbolKind.Class, stats: SymbolKind.Object, host: SymbolKind.Module, vrrp: SymbolKind.Event, cluster: SymbolKind.Package,
};

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const ast = analysis.ast(analysis.path);
  return ast ? itemsToSymbols(analysis, ast.items) : [];
}

function itemsToSymbols(analysis: Analysis, items: readonly Ast.Item[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const s = analysis.sources;
  for (const item of items) {
    switch (item.kind) {
      case 'Block': {
        const header = item.groups[0]?.[0];
        const name = header ? s.slice(header.span) || item.keyword.name : item.keyword.name;
        out.push({
          name,
          detail: header ? item.keyword.name : undefined,
          kind: BLOCK_SYMBOL[item.keyword.name] ?? SymbolKind.Object,
          range: s.range(item.span),
          selectionRange: s.range(header ? header.span : item.keyword.span),
          children: itemsToSymbols(analysis, item.body),
        });
        break;
      }
      case 'Directive': {
        const first = item.groups[0]?.[0];
        const detail = item.groups.flat().map((e) => s.slice(e.span)).join(' ');
        out.push({
          name: item.keyword.name === 'server' && first ? `server ${s.slice(first.span)}` : item.keyword.name,
          detail: detail.length > 60 ? `${detail.slice(0, 59)}…` : detail,
          kind: item.keyword.name === 'server' ? SymbolKind.Field : SymbolKind.Property,
          range: s.range(item.span),
          selectionRange: s.range(item.keyword.span),
        });
        break;
      }
      case 'Let':
        out.push({ name: item.name.name, detail: 'let', kind: SymbolKind.Variable, range: s.range(item.span), selectionRange: s.range(item.name.span) });
        break;
      case 'Fn':
        out.push({
          name: item.name.name, detail: `fn(${item.params.map((p) => p.name).join(', ')})`, kind: SymbolKind.Function,
          range: s.range(item.span), selectionRange: s.range(item.name.span),
          children: item.body.kind === 'Items' ? itemsToSymbols(analysis, item.body.items) : [],
        });
        break;
      case 'For':
      case 'If': {
        // Scripting is transparent in the outline: what it declares appears where it stands.
        const lists = item.kind === 'For' ? [item.body] : [item.then, ...(Array.isArray(item.else) ? [item.else] : item.else ? [[item.else]] : [])];
        for (const list of lists) out.push(...itemsToSymbols(analysis, list));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

const NAME_SYMBOL: Record<NameKind, SymbolKind> = {
  backend: SymbolKind.Class, frontend: SymbolKind.Interface, host: SymbolKind.Module, vrrp: SymbolKind.Event,
  defaults: SymbolKind.Namespace, cluster: SymbolKind.Package, let: SymbolKind.Variable, fn: SymbolKind.Function,
  param: SymbolKind.Variable, loop: SymbolKind.Variable,
};

/** Declared names of every open document and the files they import, matching the query (subsequence, any case). */
export function workspaceSymbols(workspace: Workspace, query: string): WorkspaceSymbol[] {
  const seen = new Set<string>();
  const out: WorkspaceSymbol[] = [];
  const q = query.toLowerCase();
  for (const analysis of workspace.analyzeAll()) {
    for (const o of analysis.names().occurrences) {
      if (!o.declaration || o.kind === 'param' || o.kind === 'loop') continue;
      const key = spanKey(o.span);
      if (seen.has(key) || !isSubsequence(q, o.name.toLowerCase())) continue;
      seen.add(key);
      out.push({ name: o.name, kind: NAME_SYMBOL[o.kind], containerName: o.kind, location: analysis.sources.location(o.span) });
      if (out.length >= 500) return out;
    }
  }
  return out;
}

function isSubsequence(query: string, name: string): boolean {
  let i = 0;
  for (const c of name) if (i < query.length && c === query[i]) i++;
  return i === query.length;
}
