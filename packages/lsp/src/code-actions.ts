/**
 * Quick fixes for lb's diagnostics, driven by what the core put in each diagnostic (`data`: the span and hints
 * such as a suggestion), plus "suppress this rule on this line" for every lb diagnostic.
 */
import type { Span } from '@lb/dsl';
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from './convert.ts';
import { pathToUri } from './paths.ts';
import { enclosingItems, itemAt } from './syntax-walk.ts';
import type { Analysis } from './workspace.ts';

interface LbData {
  span?: Span;
  suggestion?: string;
}

export function codeActions(analysis: Analysis, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== DIAGNOSTIC_SOURCE || typeof d.code !== 'string') continue;
    const data = (d.data ?? {}) as LbData;
    const span = data.span && data.span.file === analysis.path ? data.span : {
      file: analysis.path,
      start: analysis.sources.offset(analysis.path, d.range.start),
      end: analysis.sources.offset(analysis.path, d.range.end),
    };
    const fix = quickFix(analysis, d, span, data);
    if (fix) actions.push(fix);
    actions.push(suppress(analysis, d, span));
  }
  return actions;
}

function quickFix(analysis: Analysis, d: LspDiagnostic, span: Span, data: LbData): CodeAction | undefined {
  switch (d.code) {
    case 'LB2001':
      return nextFreePort(analysis, d, span);
    case 'LB2007':
      return turnHealthChecksOn(analysis, d, span);
    case 'LB1015': {
      const name = secretVariableName(analysis, span);
      return action(`Take the secret from the environment: env("${name}")`, d, analysis, [edit(analysis, span, `env("${name}")`)], true);
    }
    default:
      return didYouMean(analysis, d, span, data);
  }
}

/** Any diagnostic whose data carries a suggestion (unknown name, block, directive, function or word): replace the
 *  word with it. Only a single written word is replaced, never an expression. */
function didYouMean(analysis: Analysis, d: LspDiagnostic, span: Span, data: LbData): CodeAction | undefined {
  if (typeof data.suggestion !== 'string') return undefined;
  const written = analysis.sources.slice(span);
  if (!/^[A-Za-z_][\w.-]*$/.test(written)) return undefined;
  return action(`Change to '${data.suggestion}'`, d, analysis, [edit(analysis, span, data.suggestion)], true);
}

/** LB2001: move the bind to the first port after it that no bind of the program uses (so it is free on every host). */
function nextFreePort(analysis: Analysis, d: LspDiagnostic, span: Span): CodeAction | undefined {
  const written = analysis.sources.slice(span);
  const match = /^(.*:)(\d+)$/.exec(written);
  if (!match) return undefined;
  const model = analysis.result.model;
  const binds = [...model.frontends.flatMap((f) => f.binds), ...model.stats.map((s) => s.bind)];
  const used = (port: number) =>
    port === 6443 || binds.some((b) => b.address.port <= port && port <= (b.address.portEnd ?? b.address.port));
  let port = Number(match[2]) + 1;
  while (port <= 65535 && used(port)) port++;
  if (port > 65535) return undefined;
  const portStart = span.start + match[1].length;
  return action(`Use the next free port: ${match[1]}${port}`, d, analysis, [edit(analysis, { ...span, start: portStart }, String(port))], true);
}

/** LB2007: remove `nocheck` from the server, or turn `health none` into `health tcp`. */
function turnHealthChecksOn(analysis: Analysis, d: LspDiagnostic, span: Span): CodeAction | undefined {
  const written = analysis.sources.slice(span);
  const nocheck = /\s+nocheck\b/.exec(written);
  if (nocheck) {
    const start = span.start + nocheck.index;
    return action('Remove `nocheck` (check this server)', d, analysis, [edit(analysis, { file: span.file, start, end: start + nocheck[0].length }, '')], true);
  }
  const related = d.relatedInformation?.[0];
  if (!related) return undefined;
  const file = related.location.uri === pathToUri(analysis.path) ? analysis.path : undefined;
  if (!file) return undefined;
  const start = analysis.sources.offset(file, related.location.range.start);
  const end = analysis.sources.offset(file, related.location.range.end);
  const text = analysis.text.slice(start, end);
  const none = /\bnone\b/.exec(text);
  if (!none) return undefined;
  const at = start + none.index;
  return action('Check the servers: `health tcp`', d, analysis, [edit(analysis, { file, start: at, end: at + 4 }, 'tcp')], true);
}

/** A variable name from where the secret is written: `vrrp api { auth ... }` -> VRRP_API_AUTH_PASSWORD. */
function secretVariableName(analysis: Analysis, span: Span): string {
  const ast = analysis.ast(analysis.path);
  const parts: string[] = [];
  if (ast) {
    for (const item of enclosingItems(ast.items, span.start, analysis.text)) {
      if (item.kind !== 'Block') continue;
      parts.push(item.keyword.name);
      const name = item.groups[0]?.[0];
      if (name?.kind === 'Ident') parts.push(name.name);
    }
    const inner = itemAt(ast.items, span.start);
    if (inner?.kind === 'Directive') parts.push(inner.keyword.name);
  }
  let name = parts.join('_').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'LB_SECRET';
  if (!/PASS|SECRET|TOKEN|KEY/.test(name)) name += '_PASSWORD';
  return /^[0-9]/.test(name) ? `LB_${name}` : name;
}

function suppress(analysis: Analysis, d: LspDiagnostic, span: Span): CodeAction {
  const lineStart = analysis.text.lastIndexOf('\n', span.start - 1) + 1;
  const indent = /^[ \t]*/.exec(analysis.text.slice(lineStart))?.[0] ?? '';
  const comment = `${indent}# lb-ignore ${d.code}: reason\n`;
  return action(`Suppress ${d.code} on this line`, d, analysis, [edit(analysis, { file: span.file, start: lineStart, end: lineStart }, comment)], false);
}

function edit(analysis: Analysis, span: Span, newText: string): TextEdit {
  return { range: analysis.sources.range(span), newText };
}

function action(title: string, d: LspDiagnostic, analysis: Analysis, edits: TextEdit[], preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit: { changes: { [analysis.uri]: edits } } };
}

