/**
 * Token definitions of `.lb`. Typed literals (addresses, CIDRs, IPs, durations, sizes, versions) are single tokens so
 * the grammar never has to glue `10.0.0.1:80` back together. Patterns that need look-around or context are custom
 * matchers over sticky regexes; their order in `allTokens` decides which one wins (first match, not longest).
 */
import { createToken, Lexer, type CustomPatternMatcherFunc, type TokenType } from 'chevrotain';
import { scanString } from './interpolation.ts';

const DIGITS = '0123456789'.split('');
const HEX_LETTERS = 'abcdefABCDEF'.split('');

/** Wraps a sticky regex as a custom matcher; `accept` can veto a match by looking at the surrounding text. */
function sticky(source: string, accept?: (text: string, offset: number, match: string) => boolean): CustomPatternMatcherFunc {
  const re = new RegExp(source, 'y');
  return (text, offset) => {
    re.lastIndex = offset;
    const m = re.exec(text);
    if (m && accept && !accept(text, offset, m[0])) return null;
    return m;
  };
}

const NOT_WORD = '(?![A-Za-z0-9_])';
const IPV4 = '\\d+\\.\\d+\\.\\d+\\.\\d+';
const H16 = '[0-9a-fA-F]{1,4}';
const IPV6 = `(?:(?:${H16}:){7}${H16}|(?:${H16}(?::${H16}){0,6})?::(?:${H16}(?::${H16}){0,6}(?::${IPV4})?|${IPV4})?)`;

// ---------- trivia and separators ----------

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\f\v\uFEFF]+/, group: Lexer.SKIPPED });
/** Kept out of the parser's stream in their own group, so suppressions (`# lb-ignore ...`) can read them. */
export const COMMENT_GROUP = 'comments';
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: COMMENT_GROUP });

/** Newline and `;` both end a statement; the parser only sees the category. */
export const Sep = createToken({ name: 'Sep', pattern: Lexer.NA, label: 'end of statement' });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, categories: [Sep], label: 'end of line' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, categories: [Sep], label: "';'" });

// ---------- literals ----------

function matchString(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 34) return null;
  const end = scanString(text, offset);
  if (end < 0) return null;
  return execResult(text.slice(offset, end));
}

/** A string that reaches the end of the line (or file) without its closing quote; reported as LB0003. */
function matchUnterminatedString(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 34) return null;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return execResult(text.slice(offset, end));
}

function execResult(match: string): RegExpExecArray {
  const result = [match] as unknown as RegExpExecArray;
  return result;
}

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: matchString },
  line_breaks: false,
  start_chars_hint: ['"'],
  label: 'a string',
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: { exec: matchUnterminatedString },
  line_breaks: false,
  start_chars_hint: ['"'],
  label: 'a string',
});

/** `10.0.0.1:80`, `*:80`, `[::1]:443`, and `:80` unless glued to a preceding expression (`vip:8443` is AddressOf). */
export const AddressLiteral = createToken({
  name: 'AddressLiteral',
  pattern: {
    exec: sticky(`(?:${IPV4}|\\*|\\[${IPV6}\\])?:\\d+(?![A-Za-z0-9_]|\\.\\d)`, (text, offset, match) => {
      if (match[0] !== ':' || offset === 0) return true;
      return !/[A-Za-z0-9_\])".]/.test(text[offset - 1]);
    }),
  },
  line_breaks: false,
  start_chars_hint: [...DIGITS, '*', '[', ':'],
  label: 'an address',
});

export const CidrLiteral = createToken({
  name: 'CidrLiteral',
  pattern: { exec: sticky(`(?:${IPV4}|${IPV6})\\/\\d+${NOT_WORD}`) },
  line_breaks: false,
  start_chars_hint: [...DIGITS, ...HEX_LETTERS, ':'],
  label: 'a CIDR',
});

export const Ipv6Literal = createToken({
  name: 'Ipv6Literal',
  pattern: { exec: sticky(`${IPV6}(?![A-Za-z0-9_:.])`) },
  line_breaks: false,
  start_chars_hint: [...DIGITS, ...HEX_LETTERS, ':'],
  label: 'an IPv6 address',
});

export const Ipv4Literal = createToken({
  name: 'Ipv4Literal',
  pattern: { exec: sticky(`${IPV4}(?![A-Za-z0-9_]|\\.\\d)`) },
  line_breaks: false,
  start_chars_hint: DIGITS,
  label: 'an IP address',
});

export const SizeLiteral = createToken({
  name: 'SizeLiteral',
  pattern: { exec: sticky(`\\d+(?:KiB|MiB|GiB|KB|MB|GB|B)${NOT_WORD}`) },
  line_breaks: false,
  start_chars_hint: DIGITS,
  label: 'a size',
});

export const DurationLiteral = createToken({
  name: 'DurationLiteral',
  pattern: { exec: sticky(`(?:\\d+(?:us|ms|s|m|h|d))+${NOT_WORD}`) },
  line_breaks: false,
  start_chars_hint: DIGITS,
  label: 'a duration',
});

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: { exec: sticky(`\\d+(?:\\.\\d+)?(?![A-Za-z0-9_]|\\.\\d)`) },
  line_breaks: false,
  start_chars_hint: DIGITS,
  label: 'a number',
});

/** Digits glued to letters or extra dots (`10x`, `1.5s`, `1.2.3`): one token, reported as LB0005 when lowered. */
export const MalformedNumber = createToken({
  name: 'MalformedNumber',
  pattern: /\d[A-Za-z0-9_.]*/,
  label: 'a number',
});

// ---------- words ----------

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_-]*/, label: 'a name' });

export const VersionLiteral = createToken({
  name: 'VersionLiteral',
  pattern: { exec: sticky(`v\\d+\\.\\d+(?:\\.\\d+)?${NOT_WORD}(?![-.])`) },
  line_breaks: false,
  start_chars_hint: ['v'],
  label: 'a version',
});

function keyword(word: string): TokenType {
  return createToken({ name: word[0].toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });
}

export const Let = keyword('let');
export const Fn = keyword('fn');
export const For = keyword('for');
export const In = keyword('in');
export const If = keyword('if');
export const Else = keyword('else');
export const Import = keyword('import');
export const True = keyword('true');
export const False = keyword('false');

export const RESERVED_WORDS = ['let', 'fn', 'for', 'in', 'if', 'else', 'import', 'true', 'false'];

// ---------- punctuation and operators ----------

function punct(name: string, text: string, pattern: RegExp): TokenType {
  return createToken({ name, pattern, label: `'${text}'` });
}

export const LBrace = punct('LBrace', '{', /\{/);
export const RBrace = punct('RBrace', '}', /\}/);
export const LParen = punct('LParen', '(', /\(/);
export const RParen = punct('RParen', ')', /\)/);
export const LBracket = punct('LBracket', '[', /\[/);
export const RBracket = punct('RBracket', ']', /\]/);
export const Comma = punct('Comma', ',', /,/);
export const DotDot = punct('DotDot', '..', /\.\./);
export const Dot = punct('Dot', '.', /\./);
export const Colon = punct('Colon', ':', /:/);
export const EqEq = punct('EqEq', '==', /==/);
export const NotEq = punct('NotEq', '!=', /!=/);
export const LessEq = punct('LessEq', '<=', /<=/);
export const GreaterEq = punct('GreaterEq', '>=', />=/);
export const Less = punct('Less', '<', /</);
export const Greater = punct('Greater', '>', />/);
export const Equals = punct('Equals', '=', /=/);
export const AndAnd = punct('AndAnd', '&&', /&&/);
export const OrOr = punct('OrOr', '||', /\|\|/);
export const Bang = punct('Bang', '!', /!/);
export const Plus = punct('Plus', '+', /\+/);
export const Minus = punct('Minus', '-', /-/);
export const Star = punct('Star', '*', /\*/);
export const Slash = punct('Slash', '/', /\//);
export const Percent = punct('Percent', '%', /%/);

/** Order matters: the first pattern that matches wins. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Newline,
  Semicolon,
  Sep,
  StringLiteral,
  UnterminatedString,
  AddressLiteral,
  CidrLiteral,
  Ipv6Literal,
  Ipv4Literal,
  SizeLiteral,
  DurationLiteral,
  NumberLiteral,
  MalformedNumber,
  VersionLiteral,
  Let,
  Fn,
  For,
  In,
  If,
  Else,
  Import,
  True,
  False,
  Identifier,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  DotDot,
  Dot,
  Colon,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  Equals,
  AndAnd,
  OrOr,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
];

/** Tokens after which a newline does not end the statement: the expression obviously goes on. */
export const CONTINUATION_TOKENS: ReadonlySet<TokenType> = new Set([
  Comma,
  Equals,
  DotDot,
  Dot,
  Colon,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  AndAnd,
  OrOr,
  Bang,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
]);
