/** Semantic tokens: block keywords and scripting words, directives, declared names, variables, functions, strings,
 *  numbers and other literals, option words and comments. */
import { lexComments, wordsOf, type Ast } from '@lb/dsl';
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import { spanKey } from './convert.ts';
import { allItems, itemExpressions, subExpressions } from './syntax-walk.ts';
import type { Analysis } from './workspace.ts';

const TYPES = ['keyword', 'property', 'class', 'variable', 'parameter', 'function', 'string', 'number', 'enumMember', 'comment'] as const;
type TokenType = (typeof TYPES)[number];

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = { tokenTypes: [...TYPES], tokenModifiers: ['declaration'] };

interface Token {
  start: number;
  end: number;
  type: TokenType;
  declaration?: boolean;
}

const NAME_TYPES: Record<string, TokenType> = {
  backend: 'class', frontend: 'class', host: 'class', vrrp: 'class', defaults: 'class', cluster: 'class',
  let: 'variable', loop: 'variable', param: 'parameter', fn: 'function',
};
const SCRIPT_WORDS: Partial<Record<Ast.Item['kind'], string>> = { Let: 'let', Fn: 'fn', For: 'for', If: 'if', Import: 'import' };

export function semanticTokens(analysis: Analysis): SemanticTokens {
  const ast = analysis.ast(analysis.path);
  const builder = new SemanticTokensBuilder();
  if (!ast) return builder.build();
  const text = analysis.text;
  const names = new Map<string, { type: TokenType; declaration: boolean }>();
  for (const o of analysis.names().occurrences) {
    if (o.span.file === analysis.path) names.set(spanKey(o.span), { type: NAME_TYPES[o.kind], declaration: o.declaration });
  }
  const tokens: Token[] = [];
  const push = (start: number, end: number, type: TokenType, declaration = false) => {
    if (end > start) tokens.push({ start, end, type, declaration });
  };

  const expr = (e: Ast.Expr, words: ReadonlySet<string>): void => {
    const named = names.get(spanKey(e.span));
    switch (e.kind) {
      case 'Ident':
        if (named) push(e.span.start, e.span.end, named.type, named.declaration);
        else if (words.has(e.name)) push(e.span.start, e.span.end, 'enumMember');
        return;
      case 'String': {
        // The literal parts are strings; interpolated expressions are tokens of their own.
        let at = e.span.start;
        for (const part of subExpressions(e)) {
          push(at, part.span.start, 'string');
          expr(part, words);
          at = part.span.end;
        }
        push(at, e.span.end, 'string');
        if (named) tokens[tokens.length - 1].declaration = named.declaration;
        return;
      }
      case 'Number':
      case 'Duration':
      case 'Size':
      case 'Ip':
      case 'Cidr':
      case 'Address':
      case 'Version':
        push(e.span.start, e.span.end, 'number');
        return;
      case 'Bool':
        push(e.span.start, e.span.end, 'keyword');
        return;
      case 'Call': {
        const callee = names.get(spanKey(e.callee.span));
        push(e.callee.span.start, e.callee.span.end, 'function', callee?.declaration ?? false);
        break;
      }
      default:
        break;
    }
    for (const sub of subExpressions(e)) expr(sub, words);
  };

  for (const item of allItems(ast.items)) {
    const word = SCRIPT_WORDS[item.kind];
    if (word && text.startsWith(word, item.span.start)) push(item.span.start, item.span.start + word.length, 'keyword');
    let words: ReadonlySet<string> = new Set();
    if (item.kind === 'Block') {
      push(item.keyword.span.start, item.keyword.span.end, 'keyword');
      words = wordsOf(item.keyword.name);
      // The name in a block header is a declaration even when the model has none (a broken block).
      const header = item.groups[0]?.[0];
      if (header?.kind === 'Ident' && !names.has(spanKey(header.span))) push(header.span.start, header.span.end, 'class', true);
    } else if (item.kind === 'Directive') {
      push(item.keyword.span.start, item.keyword.span.end, 'property');
      words = wordsOf(item.keyword.name);
    } else if (item.kind === 'Let' || item.kind === 'Fn') {
      push(item.name.span.start, item.name.span.end, item.kind === 'Let' ? 'variable' : 'function', true);
      if (item.kind === 'Fn') for (const p of item.params) push(p.span.start, p.span.end, 'parameter', true);
    } else if (item.kind === 'For') {
      if (item.index) push(item.index.span.start, item.index.span.end, 'variable', true);
      push(item.variable.span.start, item.variable.span.end, 'variable', true);
    }
    for (const e of itemExpressions(item)) expr(e, words);
  }
  for (const c of lexComments(text)) push(c.start, c.end, 'comment');

  tokens.sort((a, b) => a.start - b.start || b.end - a.end);
  let last = 0;
  for (const t of tokens) {
    if (t.start < last) continue; // overlapping tokens are not allowed: keep the first
    const from = analysis.sources.position(analysis.path, t.start);
    const to = analysis.sources.position(analysis.path, t.end);
    if (from.line !== to.line) continue;
    builder.push(from.line, from.character, t.end - t.start, TYPES.indexOf(t.type), t.declaration ? 1 : 0);
    last = t.end;
  }
  return builder.build();
}
