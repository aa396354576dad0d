/**
 * The TextMate grammar of .lb files, generated from lb's schema so that every block and directive name is
 * highlighted and none is forgotten when the language grows. `syntaxes/lb.tmLanguage.json` is this object as JSON;
 * test/vscode/package.test.ts fails when the two differ (`UPDATE=1` rewrites the file).
 *
 * The regexes must mean the same in Oniguruma (VS Code) and in JavaScript (the test tokenizer): no \h, \A, \G,
 * atomic groups or possessive quantifiers, and only fixed-length lookbehind.
 */
import { BLOCK_KINDS, BUILTINS, SCHEMA } from '@lb/dsl/schema';

type Pattern = Record<string, unknown>;

/** Identifiers contain `-`, so word boundaries are written out instead of \b. */
const START = '(?<![\\w-])';
const END = '(?![\\w-])';
const IDENT = '[A-Za-z_][\\w-]*';
const OCTET = '\\d{1,3}';
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
/** An IPv6 address has `::` or eight groups; the lookahead keeps words such as `cafe` out. */
const IPV6 = '(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){7})(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}';

const alternation = (words: Iterable<string>): string =>
  [...new Set(words)]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');

function directiveNames(): string[] {
  return BLOCK_KINDS.flatMap((kind) => Object.keys(SCHEMA[kind].directives));
}

/** Words directives understand (`weight`, `roundrobin`, `http`...), identifier-shaped ones only. */
function argumentWords(): string[] {
  const words = new Set<string>();
  for (const kind of BLOCK_KINDS) {
    for (const w of SCHEMA[kind].header.words ?? []) words.add(w);
    for (const spec of Object.values(SCHEMA[kind].directives)) for (const w of spec.words ?? []) words.add(w);
  }
  for (const w of CONDITION_OPERATORS) words.delete(w);
  return [...words].filter((w) => /^[A-Za-z_][\w-]*$/.test(w));
}

const CONDITION_OPERATORS = ['when', 'and', 'not', 'from', 'with'];

/** Where a statement starts: the line's start, or after `{` or `;` on the same line. */
const STATEMENT_START = '(?:^|(?<=[{;]))\\s*';

export function lbGrammar(): Record<string, unknown> {
  const blocks = alternation(BLOCK_KINDS);
  const directives = alternation(directiveNames());
  const builtins = alternation(Object.keys(BUILTINS));
  const repository: Record<string, Pattern> = {
    comment: {
      name: 'comment.line.number-sign.lb',
      begin: '#',
      beginCaptures: { 0: { name: 'punctuation.definition.comment.lb' } },
      end: '$',
      patterns: [
        {
          match: `(?<=#)\\s*(lb-ignore)\\s+((?:[A-Z]{2}\\d{4}\\s*,?\\s*)+)`,
          captures: { 1: { name: 'keyword.other.suppression.lb' }, 2: { name: 'constant.other.rule-code.lb' } },
        },
      ],
    },
    string: {
      name: 'string.quoted.double.lb',
      begin: '"',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.lb' } },
      end: '"|$',
      endCaptures: { 0: { name: 'punctuation.definition.string.end.lb' } },
      patterns: [
        { name: 'constant.character.escape.lb', match: '\\\\[\\\\"$tn]' },
        { name: 'invalid.illegal.escape.lb', match: '\\\\.' },
        { include: '#interpolation' },
      ],
    },
    interpolation: {
      name: 'meta.interpolation.lb',
      contentName: 'source.lb.embedded',
      begin: '\\$\\{',
      beginCaptures: { 0: { name: 'punctuation.section.interpolation.begin.lb' } },
      end: '\\}',
      endCaptures: { 0: { name: 'punctuation.section.interpolation.end.lb' } },
      patterns: [{ include: '#expression' }],
    },
    block: {
      comment: 'A block header: `backend app from web_defaults {`, `stats {`.',
      match: `${STATEMENT_START}(${blocks})${END}(?:\\s+(?!from${END})(${IDENT}))?(?:\\s+(from)\\s+(${IDENT}))?`,
      captures: {
        1: { name: 'storage.type.block.lb' },
        2: { name: 'entity.name.type.lb' },
        3: { name: 'keyword.other.from.lb' },
        4: { name: 'entity.name.type.defaults.lb' },
      },
    },
    directive: {
      comment: 'A directive at the start of a statement: `server app1 ...`, `timeout connect 5s`.',
      match: `${STATEMENT_START}(${directives})${END}`,
      captures: { 1: { name: 'keyword.other.directive.lb' } },
    },
    declaration: {
      patterns: [
        {
          match: `${START}(fn)\\s+(${IDENT})`,
          captures: { 1: { name: 'storage.type.function.lb' }, 2: { name: 'entity.name.function.lb' } },
        },
        {
          match: `${START}(let)\\s+(${IDENT})`,
          captures: { 1: { name: 'storage.type.let.lb' }, 2: { name: 'variable.other.declaration.lb' } },
        },
        {
          match: `${START}(import)${END}`,
          captures: { 1: { name: 'keyword.control.import.lb' } },
        },
      ],
    },
    keyword: {
      patterns: [
        { name: 'keyword.control.lb', match: `${START}(?:for|in|if|else)${END}` },
        { name: 'storage.type.lb', match: `${START}(?:let|fn)${END}` },
        { name: 'constant.language.boolean.lb', match: `${START}(?:true|false)${END}` },
        { name: 'keyword.operator.word.lb', match: `${START}(?:${alternation(CONDITION_OPERATORS)})${END}` },
      ],
    },
    call: {
      patterns: [
        { match: `${START}(${builtins})(?=\\()`, captures: { 1: { name: 'support.function.builtin.lb' } } },
        { match: `${START}(${IDENT})(?=\\()`, captures: { 1: { name: 'entity.name.function.call.lb' } } },
      ],
    },
    literal: {
      comment: 'Typed literals, most specific first: an address before the IP it starts with.',
      patterns: [
        { name: 'constant.other.address.lb', match: `\\[[0-9A-Fa-f:.]+\\]:\\d+${END}` },
        { name: 'constant.other.address.lb', match: `(?<![\\w.:-])(?:${IPV4}|\\*)?:\\d+${END}` },
        { name: 'constant.other.cidr.lb', match: `(?<![\\w.:-])${IPV4}/\\d{1,2}${END}` },
        { name: 'constant.other.cidr.lb', match: `(?<![\\w.:-])${IPV6}/\\d{1,3}${END}` },
        // `127.0.0.1:port` is an IP, the address operator and a variable.
        { name: 'constant.other.ip.lb', match: `(?<![\\w.:-])${IPV4}(?![\\w.-]|:\\d)` },
        { name: 'constant.other.ip.lb', match: `(?<![\\w.:-])${IPV6}(?![\\w.:-])` },
        { name: 'constant.other.version.lb', match: `${START}v\\d+\\.\\d+\\.\\d+${END}` },
        { name: 'constant.numeric.duration.lb', match: `${START}(?:\\d+(?:us|ms|s|m|h|d))+${END}` },
        { name: 'constant.numeric.size.lb', match: `${START}\\d+(?:KiB|MiB|GiB|KB|MB|GB|B)${END}` },
        { name: 'constant.numeric.lb', match: `${START}\\d+(?:\\.\\d+)?${END}` },
      ],
    },
    word: {
      comment: 'Words a directive understands (`weight`, `roundrobin`, `http`); other names are variables or references.',
      patterns: [
        { name: 'support.constant.word.lb', match: `${START}(?:${alternation(argumentWords())})${END}` },
        { name: 'variable.other.lb', match: IDENT },
      ],
    },
    operator: {
      patterns: [
        { name: 'keyword.operator.range.lb', match: '\\.\\.' },
        { name: 'keyword.operator.comparison.lb', match: '==|!=|<=|>=|<|>' },
        { name: 'keyword.operator.logical.lb', match: '&&|\\|\\||!' },
        { name: 'keyword.operator.assignment.lb', match: '=' },
        { name: 'keyword.operator.arithmetic.lb', match: '[-+*/%]' },
        { name: 'keyword.operator.address.lb', match: ':' },
        { name: 'punctuation.accessor.lb', match: '\\.' },
      ],
    },
    punctuation: {
      patterns: [
        { name: 'punctuation.section.block.begin.lb', match: '\\{' },
        { name: 'punctuation.section.block.end.lb', match: '\\}' },
        { name: 'punctuation.section.brackets.begin.lb', match: '\\[' },
        { name: 'punctuation.section.brackets.end.lb', match: '\\]' },
        { name: 'punctuation.section.parens.begin.lb', match: '\\(' },
        { name: 'punctuation.section.parens.end.lb', match: '\\)' },
        { name: 'punctuation.separator.comma.lb', match: ',' },
        { name: 'punctuation.terminator.statement.lb', match: ';' },
      ],
    },
    expression: {
      patterns: [
        { include: '#comment' },
        { include: '#string' },
        { include: '#keyword' },
        { include: '#call' },
        { include: '#literal' },
        { include: '#word' },
        { include: '#operator' },
        { include: '#punctuation' },
      ],
    },
  };
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'lb',
    scopeName: 'source.lb',
    fileTypes: ['lb'],
    comment: 'Generated by packages/vscode/src/grammar/lb-grammar.ts from lb\'s schema; do not edit by hand.',
    patterns: [
      { include: '#comment' },
      { include: '#string' },
      { include: '#declaration' },
      { include: '#block' },
      { include: '#directive' },
      { include: '#expression' },
    ],
    repository,
  };
}

/** The grammar file's text. */
export function lbGrammarJson(): string {
  return `${JSON.stringify(lbGrammar(), null, 2)}\n`;
}
