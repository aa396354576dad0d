/**
 * Hover: what a keyword means (lb's schema, with a link to the upstream reference), what a name is (a let's value,
 * a backend's servers, a host's addresses), a server's effective settings (defaults merged) and the lines it
 * generates. Secrets show as <secret>.
 */
import {
  cidrText, effectiveServerOptions, effectiveSettings, formatAddress, formatDuration, SCHEMA, wordsOf,
  type Ast, type Backend, type Model, type Server, type ServerOptions, type Span,
} from '@lb/dsl';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { containsOffset, spanKey } from './convert.ts';
import type { Occurrence } from './names.ts';
import { shownOutputs } from './outputs.ts';
import { directiveSpec, isBlockKindName, referenceUrl } from './schema-info.ts';
import { allItems, enclosingItems, itemAt } from './syntax-walk.ts';
import { distinctValues } from './value-text.ts';
import type { Analysis } from './workspace.ts';

export function hover(analysis: Analysis, offset: number): Hover | null {
  const ast = analysis.ast(analysis.path);
  if (!ast) return null;
  const occurrence = analysis.names().at(analysis.path, offset);
  if (occurrence) {
    const text = describeName(analysis, occurrence);
    if (text) return markdown(text, analysis, occurrence.span);
  }
  const item = itemAt(ast.items, offset);
  if (item && (item.kind === 'Block' || item.kind === 'Directive') && containsOffset(item.keyword.span, offset)) {
    const block = enclosingBlock(ast, analysis.text, item);
    const text = describeKeyword(item, block);
    if (text) return markdown(text, analysis, item.keyword.span);
  }
  const server = serverAt(analysis.result.model, analysis.path, offset);
  if (server) return markdown(describeServer(analysis, server.backend, server.server), analysis, server.server.span);
  if (item?.kind === 'Directive') {
    const word = item.groups.flat().find((e) => e.kind === 'Ident' && containsOffset(e.span, offset)) as Ast.Ident | undefined;
    if (word && wordsOf(item.keyword.name).has(word.name)) {
      const spec = directiveSpec(enclosingBlock(ast, analysis.text, item), item.keyword.name);
      return markdown(`\`${word.name}\`: an option of \`${item.keyword.name}\`${spec ? ` (${spec.syntax})\n\n${spec.doc}` : ''}`, analysis, word.span);
    }
  }
  return null;
}

function markdown(value: string, analysis: Analysis, span: Span): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: analysis.sources.range(span) };
}

/** The keyword of the block around an item (not the item itself). */
function enclosingBlock(ast: Ast.SourceFile, text: string, item: Ast.Item): string | undefined {
  const chain = enclosingItems(ast.items, item.span.start + 1, text).filter((i): i is Ast.Block => i.kind === 'Block' && i !== item);
  return chain[chain.length - 1]?.keyword.name;
}

function describeKeyword(item: Ast.Block | Ast.Directive, block: string | undefined): string | undefined {
  const name = item.keyword.name;
  if (item.kind === 'Block' && isBlockKindName(name)) {
    const spec = SCHEMA[name];
    const ref = referenceUrl(name);
    return `\`\`\`lb\n${spec.syntax}\n\`\`\`\n${spec.doc}\n\n[${ref.label}](${ref.url})`;
  }
  const spec = directiveSpec(block, name);
  if (!spec) return undefined;
  const ref = referenceUrl(block, name);
  const words = spec.words && spec.words.length > 0 ? `\n\nValues: ${spec.words.map((w) => `\`${w}\``).join(' ')}` : '';
  return `\`\`\`lb\n${name} ${spec.syntax}\n\`\`\`\n${spec.doc}${words}\n\n[${ref.label}](${ref.url})`;
}

function describeName(analysis: Analysis, o: Occurrence): string | undefined {
  const model = analysis.result.model;
  const declaration = analysis.names().byKey(o.key).find((x) => x.declaration);
  switch (o.kind) {
    case 'let':
    case 'loop':
    case 'param': {
      const values = declaration ? analysis.bindings.get(spanKey(declaration.span)) : undefined;
      const shown = values && values.length > 0 ? distinctValues(values) : '(not evaluated)';
      const label = o.kind === 'let' ? 'let' : o.kind === 'loop' ? 'loop variable' : 'parameter';
      return `\`\`\`lb\n${o.kind === 'let' ? `let ${o.name} = ${shown}` : `${o.name}: ${shown}`}\n\`\`\`\n${label}`;
    }
    case 'fn': {
      const fn = declaration ? findFn(analysis, declaration.span) : undefined;
      return `\`\`\`lb\nfn ${o.name}(${fn?.params.map((p) => p.name).join(', ') ?? ''})\n\`\`\`\n${fn?.body.kind === 'Items' ? 'produces declarations' : 'returns a value'}`;
    }
    case 'backend': {
      const b = model.backends.find((x) => x.name === o.name);
      if (!b) return `backend \`${o.name}\` (not declared)`;
      const s = effectiveSettings(model, b);
      const lines = [
        `**backend ${b.name}**: ${s.mode.value} mode, balance ${s.balance?.value.algorithm ?? 'roundrobin'}, health ${s.health?.value.kind ?? 'tcp'}`,
        ...b.servers.slice(0, 20).map((srv) => `- \`${srv.name}\` ${formatAddress(srv.address)}`),
      ];
      if (b.servers.length > 20) lines.push(`- … ${b.servers.length - 20} more`);
      return lines.join('\n');
    }
    case 'frontend': {
      const f = model.frontends.find((x) => x.name === o.name);
      return f ? `**frontend ${f.name}**: binds ${f.binds.map((b) => `\`${formatAddress(b.address)}\``).join(', ') || 'nothing'}${f.defaultBackend ? `, default backend \`${f.defaultBackend.name}\`` : ''}` : undefined;
    }
    case 'host': {
      const h = model.hosts.find((x) => x.name === o.name);
      if (!h) return `host \`${o.name}\` (not declared)`;
      const interfaces = h.interfaces.map((i) => `${i.name}${i.address ? ` ${cidrText(i.address)}` : ''}`).join(', ');
      return `**host ${h.name}**: ${h.addresses.map((a) => a.text).join(', ') || 'no address'}; roles ${h.roles.join(', ') || 'none'}${interfaces ? `; interfaces ${interfaces}` : ''}`;
    }
    case 'vrrp': {
      const v = model.vrrps.find((x) => x.name === o.name);
      if (!v) return `vrrp \`${o.name}\` (not declared)`;
      return `**vrrp ${v.name}**: VIP ${v.vips.map((x) => cidrText(x.cidr)).join(', ')}, router id ${v.routerId.value}; members ${v.members.map((m) => `${m.host.name} (priority ${m.priority})`).join(', ')}${v.auth ? '; auth <secret>' : ''}`;
    }
    case 'defaults':
      return `**defaults ${o.name}**: taken by proxies with \`from ${o.name}\``;
    case 'cluster': {
      const c = model.clusters.find((x) => x.name === o.name);
      return c ? `**cluster ${c.name}**: Kubernetes ${c.kubernetes.version}, ${c.nodes.length} node(s)` : undefined;
    }
  }
}

function findFn(analysis: Analysis, span: Span): Ast.FnDecl | undefined {
  const ast = analysis.ast(span.file);
  if (!ast) return undefined;
  for (const item of allItems(ast.items)) if (item.kind === 'Fn' && item.name.span.start === span.start) return item;
  return undefined;
}

function serverAt(model: Model, file: string, offset: number): { backend: Backend; server: Server } | undefined {
  for (const backend of model.backends) {
    for (const server of backend.servers) {
      if (server.span.file === file && containsOffset(server.span, offset)) return { backend, server };
    }
  }
  return undefined;
}

function describeServer(analysis: Analysis, backend: Backend, server: Server): string {
  const model = analysis.result.model;
  const settings = effectiveSettings(model, backend);
  const options = effectiveServerOptions(settings, server);
  const healthKind = settings.health?.value.kind ?? 'tcp';
  const checked = options.check !== false && (options.check === true || healthKind !== 'none');
  const lines = [`**server ${server.name}** in backend ${backend.name}: \`${formatAddress(server.address)}\``, ''];
  lines.push(`- health check: ${checked ? healthKind === 'none' ? 'forced (check)' : healthKind : 'off'}`);
  for (const line of optionLines(options)) lines.push(`- ${line}`);
  const generated = generatedLines(analysis, server.span);
  if (generated.length > 0) lines.push('', 'Generates:', '```haproxy', ...generated, '```');
  return lines.join('\n');
}

function optionLines(o: ServerOptions): string[] {
  const out: string[] = [];
  if (o.weight !== undefined) out.push(`weight ${o.weight}`);
  if (o.maxconn !== undefined) out.push(`maxconn ${o.maxconn}`);
  if (o.backup) out.push('backup');
  if (o.inter !== undefined) out.push(`inter ${formatDuration(o.inter)}`);
  if (o.rise !== undefined) out.push(`rise ${o.rise}`);
  if (o.fall !== undefined) out.push(`fall ${o.fall}`);
  if (o.slowstart !== undefined) out.push(`slowstart ${formatDuration(o.slowstart)}`);
  if (o.ssl) out.push(`ssl verify ${o.ssl.verify}${o.ssl.ca ? ` ca ${o.ssl.ca}` : ''}${o.ssl.sni ? ` sni ${o.ssl.sni}` : ''}`);
  if (o.sendProxy) out.push('send-proxy');
  return out;
}

/** Lines of the (secret-masked) generated files that come from a span, de-duplicated across hosts. */
function generatedLines(analysis: Analysis, span: Span): string[] {
  const lines = new Set<string>();
  for (const file of shownOutputs(analysis).outputs) {
    const text = file.text.split('\n');
    file.map.forEach((s, i) => {
      if (s && s.file === span.file && s.start >= span.start && s.end <= span.end) lines.add(text[i].trim());
    });
  }
  return [...lines].slice(0, 10);
}
