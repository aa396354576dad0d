/**
 * The space between two tokens on one line. Canonical where spacing cannot change meaning; as written where it
 * can: `f(x)` is a call but `f (x)` two arguments, `xs[0]` an index but `xs [0]` a list, `vip:80` an address but
 * `vip :80` two values. Removing a space the author wrote is only done when the two tokens still lex the same
 * when glued together.
 */
import { Lexer, type IToken, type TokenType } from 'chevrotain';
import * as T from '../syntax/tokens.ts';
import type { TokenRoles } from './roles.ts';

const OPENERS = new Set<TokenType>([T.LParen, T.LBracket]);
const CLOSERS = new Set<TokenType>([T.RParen, T.RBracket]);
/** Reserved words before `(`/`[` always take a space: `if (a)`, `in [1, 2]`. */
const KEYWORDS = new Set<TokenType>([T.If, T.In, T.For, T.Let, T.Fn, T.Else, T.Import]);

/** Built on first use: `lb compile` never formats, and building a lexer costs every start ~5 ms. */
let glueLexer: Lexer | undefined;

function adjacent(prev: IToken, next: IToken): boolean {
  return (prev.endOffset ?? prev.startOffset) + 1 === next.startOffset;
}

/** True when `prev` and `next` written without a space between them still lex as the same two tokens. */
function glues(prev: IToken, next: IToken): boolean {
  glueLexer ??= new Lexer(T.allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false });
  const result = glueLexer.tokenize(prev.image + next.image);
  const tokens = result.tokens;
  return result.errors.length === 0 && tokens.length === 2 && tokens[0].tokenType === prev.tokenType && tokens[1].tokenType === next.tokenType;
}

function canonical(prev: IToken, next: IToken, roles: TokenRoles): '' | ' ' | 'as written' {
  const p = prev.tokenType;
  const n = next.tokenType;
  if (OPENERS.has(p)) return '';
  if (CLOSERS.has(n) || n === T.Comma) return '';
  if (p === T.Comma) return ' ';
  if (roles.prefix.has(prev.startOffset)) return '';
  if (n === T.Dot || p === T.Dot || n === T.DotDot || p === T.DotDot) return '';
  if (roles.binary.has(prev.startOffset) || roles.binary.has(next.startOffset)) return ' ';
  if (n === T.Equals || p === T.Equals) return ' ';
  if (n === T.Colon || p === T.Colon) return 'as written';
  if (OPENERS.has(n)) return KEYWORDS.has(p) ? ' ' : 'as written';
  return ' ';
}

export function spaceBetween(prev: IToken, next: IToken, roles: TokenRoles): string {
  const wanted = canonical(prev, next, roles);
  const written = adjacent(prev, next) ? '' : ' ';
  if (wanted === 'as written') return written;
  if (wanted === '' && written === ' ' && !glues(prev, next)) return ' ';
  return wanted;
}
