/**
 * Completion by context: block keywords and snippets at top level, the directives of the enclosing block, the words
 * a directive understands, declared names where the schema expects one (BACKEND, HOST, VRRP, DEFAULTS), variables
 * in scope and environment variable names inside `env("`.
 */
import { BLOCK_KINDS, BUILTINS, SCHEMA, wordsOf, type Ast, type Model } from '@lb/dsl';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { NAME_PLACEHOLDERS, directiveSpec, expectedAt, isBlockKindName } from './schema-info.ts';
import { statementContext } from './statement-context.ts';
import { nestedItems } from './syntax-walk.ts';

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

/**
 * What completion reads. The syntax is the document's current text (cheap to parse incrementally); the declared
 * names come from the latest finished analysis, which may be an edit behind while typing: completion answers at
 * once instead of waiting for a full check of the newest version.
 */
export interface CompletionView {
  text: string;
  ast: Ast.SourceFile;
  model: Model;
  env: Record<string, string | undefined>;
  /** Syntax trees of the other files the analysis read (imports): their top-level `let`s and `fn`s are visible. */
  importedFiles: readonly Ast.SourceFile[];
}

export function complete(view: CompletionView, offset: number): CompletionItem[] {
  const { ast, text } = view;
  const ctx = statementContext(ast, text, offset);
  if (ctx.inComment) return [];

  const envMatch = /\benv\(\s*"([A-Za-z0-9_]*)$/.exec(ctx.linePrefix);
  if (envMatch) return environmentNames(view.env);
  if (ctx.inString) return [];

  const variables = variablesInScope(view, offset);
  if (ctx.words.length === 0) {
    if (ctx.block === undefined) return topLevelItems(variables);
    return directiveItems(ctx.block, variables);
  }

  const keyword = ctx.words[0];
  // A block header at top level: `backend app from |`.
  if (ctx.block === undefined && isBlockKindName(keyword)) {
    const expected = expectedAt(SCHEMA[keyword].syntax.replace(/^\S+\s*/, ''), ctx.words.slice(1));
    return [...namesFor(expected, view.model), ...wordItems(SCHEMA[keyword].header.words ?? [], keyword)];
  }
  const spec = directiveSpec(ctx.block, keyword);
  if (!spec) return variables;
  const groupWords = ctx.inLaterGroup ? ctx.groupWords : ctx.groupWords.slice(1);
  const expected = expectedAt(spec.syntax, groupWords);
  const items = [...namesFor(expected, view.model), ...wordItems(spec.words ?? [...wordsOf(keyword)], keyword), ...variables];
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
function namesFor(expected: readonly string[], model: Model): CompletionItem[] {
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

function environmentNames(env: Record<string, string | undefined>): CompletionItem[] {
  return Object.keys(env)
    .filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    .sort()
    .map((name) => ({ label: name, kind: CompletionItemKind.Variable, detail: 'environment variable' }));
}

/** Variables and functions visible at the offset (declared before it in an enclosing scope, or imported), plus built-ins. */
function variablesInScope(view: CompletionView, offset: number): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  const add = (name: string, kind: 'let' | 'fn' | 'param' | 'loop') => {
    items.set(name, {
      label: name,
      kind: kind === 'fn' ? CompletionItemKind.Function : CompletionItemKind.Variable,
      detail: kind === 'fn' ? 'function' : kind,
      sortText: `4${name}`,
    });
  };
  for (const file of view.importedFiles) {
    for (const item of file.items) if (item.kind === 'Let' || item.kind === 'Fn') add(item.name.name, item.kind === 'Fn' ? 'fn' : 'let');
  }
  declarationsVisibleAt(view.ast.items, offset, add);
  for (const [name, builtin] of Object.entries(BUILTINS)) {
    if (!items.has(name)) items.set(name, { label: name, kind: CompletionItemKind.Function, detail: `${name}(${builtin.params})`, sortText: `5${name}` });
  }
  return [...items.values()];
}

/**
 * The declarations whose scope holds the offset, outermost scope first so an inner one wins: in each item list
 * around the offset, its functions (hoisted) and the `let`s that end before the offset; the parameters of an
 * enclosing function and the variables of an enclosing loop.
 */
function declarationsVisibleAt(list: readonly Ast.Item[], offset: number, add: (name: string, kind: 'let' | 'fn' | 'param' | 'loop') => void): void {
  for (const item of list) {
    if (item.kind === 'Fn') add(item.name.name, 'fn');
    else if (item.kind === 'Let' && offset >= item.name.span.end) add(item.name.name, 'let');
  }
  const around = list.find((item) => offset >= item.span.start && offset <= item.span.end);
  if (!around) return;
  if (around.kind === 'Fn') for (const p of around.params) add(p.name, 'param');
  if (around.kind === 'For') {
    if (around.index) add(around.index.name, 'loop');
    add(around.variable.name, 'loop');
  }
  for (const nested of nestedItems(around)) declarationsVisibleAt(nested, offset, add);
}

function dedupe(items: CompletionItem[]): CompletionItem[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.label) ? false : (seen.add(i.label), true)));
}
