/**
 * Inlay hints for values the reader cannot see in the source: the name and address each server gets when they are
 * computed (in a loop or a function), and the value of a `let` whose right-hand side is not a plain literal.
 */
import { formatAddress, type Ast, type Server, type Span } from '@lb/dsl';
import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import { spanKey } from './convert.ts';
import { allItems } from './syntax-walk.ts';
import { distinctValues } from './value-text.ts';
import type { Analysis } from './workspace.ts';

const MAX_SHOWN = 6;
const LITERAL_KINDS = new Set(['Number', 'String', 'Bool', 'Duration', 'Size', 'Ip', 'Cidr', 'Address', 'Version']);

export function inlayHints(analysis: Analysis, range: { start: number; end: number }): InlayHint[] {
  const hints: InlayHint[] = [];
  const inRange = (span: Span) => span.file === analysis.path && span.end >= range.start && span.start <= range.end;
  const s = analysis.sources;

  // Servers: group by the span of their address expression (one expression, many servers in a loop).
  const groups = new Map<string, Server[]>();
  for (const b of analysis.result.model.backends) {
    if (b.origin.kind !== 'user') continue;
    for (const server of b.servers) {
      if (!inRange(server.addressSpan)) continue;
      const key = spanKey(server.addressSpan);
      groups.set(key, [...(groups.get(key) ?? []), server]);
    }
  }
  for (const servers of groups.values()) {
    const first = servers[0];
    const computed = servers.length > 1 || s.slice(first.addressSpan) !== formatAddress(first.address) || s.slice(first.nameSpan) !== first.name;
    if (!computed) continue;
    const shown = servers.slice(0, MAX_SHOWN).map((srv) => `${srv.name} ${formatAddress(srv.address)}`);
    if (servers.length > MAX_SHOWN) shown.push(`… ${servers.length - MAX_SHOWN} more`);
    hints.push({
      position: s.position(analysis.path, first.addressSpan.end),
      label: `= ${shown.join(', ')}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
    });
  }

  // Lets with a computed value.
  const ast = analysis.ast(analysis.path);
  for (const item of ast ? allItems(ast.items) : []) {
    if (item.kind !== 'Let' || !inRange(item.span) || LITERAL_KINDS.has(item.value.kind) || isPlainList(item.value)) continue;
    const values = analysis.bindings.get(spanKey(item.name.span));
    if (!values || values.length === 0 || values.every((v) => v.kind === 'none' || v.kind === 'function')) continue;
    hints.push({
      position: s.position(analysis.path, item.value.span.end),
      label: `= ${distinctValues(values, 3)}`,
      kind: InlayHintKind.Type,
      paddingLeft: true,
    });
  }
  return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}

function isPlainList(e: Ast.Expr): boolean {
  return e.kind === 'List' && e.items.every((i) => LITERAL_KINDS.has(i.kind));
}
