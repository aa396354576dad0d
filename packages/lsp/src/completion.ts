/**
 * Completion by context: block keywords and snippets at top level, the directives of the enclosing block, the words
 * a directive understands, declared names where the schema expects one (BACKEND, HOST, VRRP, DEFAULTS), variables
 * in scope and environment variable names inside `env("`.
 */
import { BLOCK_KINDS, BUILTINS, SCHEMA, wordsOf, type Ast } from '@lb/dsl';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { Analysis } from './workspace.ts';
import { NAME_PLACEHOLDERS, directiveSpec, expectedAt, isBlockKindName } from './schema-info.ts';
import { statementContext } from './statement-context.ts';

const SCRIPT_KEYWORDS = ['let', 'fn', 'for', 'if', 'import'];
const NESTED_SCRIPT_KEYWORDS = ['let', 'for', 'if'];

/** Whole blocks, with tab stops. */
const SNIPPETS: { label: string; detail: string; body: string }[] = [
  { label: 'backend', detail: 'backend with servers', body: 'backend ${1:app} {\n\tbalance ${2:roundrobin}\n\thealth  http "${3:/health}"\n\tserver  ${4:app1} ${5:127.0.0.1:8080}\n}' },
  { label: 'frontend', detail: 'frontend with a bind and a default backend', body: 'frontend ${1:web} {\n\tbind    ${2:*:80}\n\tmode    http\n\tdefault ${3:app}\n}' },
  { label: 'vrrp', detail: 'VRRP instance (keepalived)', body: 'vrrp ${1:api} {\n\tvip       ${2:10.0.0.100/24}\n\trouter-id ${3:51}\n\tmembers   ${4:lb1} priority 150, ${5:lb2} priority 100\n\tauth      secret(env("${6:VRRP_PASS}"))\n\ttrack     haproxy\n}' },
  { label: 'cluster', detail: 'Kubernetes cluster (KubeKey)', body: 'cluster ${1:prod} {\n\tkubernetes ${2:v1.28.8} with containerd\n\tnode       ${3:master1} ${4:10.0.0.11} roles control-plane, etcd\n\tnode       ${5:worker1} ${6:10.0.0.21} roles worker\n\tendpoint   ${7:api} port 6443\n}' },
  { label: 'stats', detail: 'HAProxy statistics page', body: 'stats {\n\tbind ${1:127.0.0.1:8404}\n\tauth ${2:admin} secret(env("${3:STATS_PASSWORD}"))\n}' },
  { label: 'host', detail: 'machine with an interface', body: 'host ${1:lb1} {\n\tinterface ${2:eth1} ${3:10.0.0.11/24}\n\troles     lb\n}' },
];

export function complete(analysis: Analysis, offset: number): CompletionItem[] {
  const ast = analysis.ast(analysis.path);
  if (!ast) return [];
  const text = analysis.text;
  const ctx = statementContext(ast, text, offset);
  if (ctx.inComment) return [];

  const envMatch = /\benv\(\s*"([A-Za-z0-9_]*)$/.exec(ctx.linePrefix);
  if (envMatch) return environmentNames(analysis);
  if (ctx.inString) return [];

  const variables = variablesInScope(analysis, offset);
  if (ctx.words.length === 0) {
    if (ctx.block === undefined) return topLevelItems(variables);
    return directiveItems(ctx.block, variables);
  }

  const keyword = ctx.words[0];
  // A block header at top level: `backend app from |`.
  if (ctx.block === undefined && isBlockKindName(keyword)) {
    const expected = expectedAt(SCHEMA[keyword].syntax.replace(/^\S+\s*/, ''), ctx.words.slice(1));
    return [...namesFor(expected, analysis), ...wordItems(SCHEMA[keyword].header.words ?? [], keyword)];
  }
  const spec = directiveSpec(ctx.block, keyword);
  if (!spec) return variables;
  const groupWords = ctx.inLaterGroup ? ctx.groupWords : ctx.groupWords.slice(1);
  const expected = expectedAt(spec.syntax, groupWords);
  const items = [...namesFor(expected, analysis), ...wordItems(spec.words ?? [...wordsOf(keyword)], keyword), ...variables];
  return dedupe(items);
}

function topLevelItems(variables: CompletionItem[]): CompletionItem[] {
  const items: CompletionItem[] = BLOCK_KINDS.map((kind) => ({
    label: kind,
    kind: CompletionItemKind.Keyword,
    detail: SCHEMA[kind].syntax,
    documentation: { kind: MarkupKind.Markdown, value: SCHEMA[kind].doc },
    sortText: `1${kind}`,
  }));
  for (const s of SNIPPETS) {
    items.push({
      label: `${s.label} {…}`,
      filterText: s.label,
      kind: CompletionItemKind.Snippet,
      detail: s.detail,
      insertText: s.body,
      insertTextFormat: InsertTextFormat.Snippet,
      sortText: `2${s.label}`,
    });
  }
  for (const k of SCRIPT_KEYWORDS) items.push({ label: k, kind: CompletionItemKind.Keyword, sortText: `3${k}` });
  return [...items, ...functionItems(variables)];
}

function directiveItems(block: string, variables: CompletionItem[]): CompletionItem[] {
  if (!isBlockKindName(block)) return NESTED_SCRIPT_KEYWORDS.map((k) => ({ label: k, kind: CompletionItemKind.Keyword }));
  const items: CompletionItem[] = Object.entries(SCHEMA[block].directives).map(([name, spec]) => ({
    label: name,
    kind: CompletionItemKind.Property,
    detail: `${name} ${spec.syntax}`.trim(),
    documentation: { kind: MarkupKind.Markdown, value: spec.doc },
    sortText: `1${name}`,
  }));
  for (const k of NESTED_SCRIPT_KEYWORDS) items.push({ label: k, kind: CompletionItemKind.Keyword, sortText: `3${k}` });
  return [...items, ...functionItems(variables)];
}

/** Functions in scope, for a call statement (`web_backend("api", 8080)`). */
function functionItems(variables: CompletionItem[]): CompletionItem[] {
  return variables.filter((v) => v.kind === CompletionItemKind.Function);
}

function wordItems(words: readonly string[], keyword: string): CompletionItem[] {
  return words.map((w) => ({ label: w, kind: CompletionItemKind.EnumMember, detail: `${keyword} option`, sortText: `2${w}` }));
}

/** Declared names for the placeholders an argument position expects. */
function namesFor(expected: readonly string[], analysis: Analysis): CompletionItem[] {
  const model = analysis.result.model;
  const items: CompletionItem[] = [];
  for (const placeholder of expected) {
    const kind = NAME_PLACEHOLDERS[placeholder];
    if (!kind) continue;
    const names =
      kind === 'backend' ? model.backends.filter((b) => b.origin.kind === 'user').map((b) => b.name)
      : kind === 'host' ? model.hosts.map((h) => h.name)
      : kind === 'vrrp' ? model.vrrps.map((v) => v.name)
      : model.defaults.flatMap((d) => (d.name === undefined ? [] : [d.name]));
    for (const name of new Set(names)) {
      items.push({ label: name, kind: kind === 'host' ? CompletionItemKind.Module : CompletionItemKind.Reference, detail: kind, sortText: `0${name}` });
    }
  }
  return items;
}

function environmentNames(analysis: Analysis): CompletionItem[] {
  return Object.keys(analysis.env)
    .filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    .sort()
    .map((name) => ({ label: name, kind: CompletionItemKind.Variable, detail: 'environment variable' }));
}

/** Variables and functions visible at the offset (declared before it in an enclosing scope, or imported), plus built-ins. */
function variablesInScope(analysis: Analysis, offset: number): CompletionItem[] {
  const index = analysis.names();
  const ast = analysis.ast(analysis.path);
  const items = new Map<string, CompletionItem>();
  for (const o of index.occurrences) {
    if (!o.declaration || !(o.kind === 'let' || o.kind === 'fn' || o.kind === 'param' || o.kind === 'loop')) continue;
    if (o.span.file === analysis.path && ast && !visibleAt(ast.items, o.span, offset, o.kind === 'fn')) continue;
    if (o.span.file !== analysis.path && !isTopLevelOf(analysis, o.span)) continue;
    items.set(o.name, {
      label: o.name,
      kind: o.kind === 'fn' ? CompletionItemKind.Function : CompletionItemKind.Variable,
      detail: o.kind === 'fn' ? 'function' : o.kind === 'let' ? 'let' : o.kind,
      sortText: `4${o.name}`,
    });
  }
  for (const [name, builtin] of Object.entries(BUILTINS)) {
    if (!items.has(name)) items.set(name, { label: name, kind: CompletionItemKind.Function, detail: `${name}(${builtin.params})`, sortText: `5${name}` });
  }
  return [...items.values()];
}

/** A definition is visible where its scope (the item list it was declared in) holds the offset; a `let` only after it. */
function visibleAt(items: readonly Ast.Item[], def: { start: number; end: number }, offset: number, hoisted: boolean): boolean {
  const scope = scopeOf(items, def, { start: 0, end: Number.POSITIVE_INFINITY });
  if (!scope) return false;
  return offset >= scope.start && offset <= scope.end && (hoisted || offset >= def.end);
}

function scopeOf(items: readonly Ast.Item[], def: { start: number; end: number }, range: { start: number; end: number }): { start: number; end: number } | undefined {
  for (const item of items) {
    if (def.start < item.span.start || def.end > item.span.end) continue;
    const own =
      ((item.kind === 'Let' || item.kind === 'Fn') && item.name.span.start === def.start) ? range
      : undefined;
    if (own) return own;
    if (item.kind === 'Fn' && item.params.some((p) => p.span.start === def.start)) return item.span;
    if (item.kind === 'For' && (item.variable.span.start === def.start || item.index?.span.start === def.start)) return item.span;
    const lists: Ast.Item[][] =
      item.kind === 'Block' ? [item.body] : item.kind === 'For' ? [item.body] : item.kind === 'Fn' && item.body.kind === 'Items' ? [item.body.items]
      : item.kind === 'If' ? [item.then, ...(Array.isArray(item.else) ? [item.else] : item.else ? [[item.else]] : [])] : [];
    for (const list of lists) {
      const inner = scopeOf(list, def, item.span);
      if (inner) return inner;
    }
  }
  return undefined;
}

function isTopLevelOf(analysis: Analysis, span: { file: string; start: number }): boolean {
  const ast = analysis.ast(span.file);
  return !!ast?.items.some((i) => (i.kind === 'Let' || i.kind === 'Fn') && i.name.span.start === span.start);
}

function dedupe(items: CompletionItem[]): CompletionItem[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.label) ? false : (seen.add(i.label), true)));
}
