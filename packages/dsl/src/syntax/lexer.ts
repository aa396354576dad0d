/**
 * Turns text into the token stream the parser reads. Besides chevrotain's lexing this
 *  - drops newlines that cannot end a statement (inside ( ) and [ ], after ',' or an operator, before `else`,
 *    repeated ones), so the grammar only sees meaningful separators;
 *  - balances braces: a stray '}' is reported and dropped, and a block left open gets a zero-width '}' (reported),
 *    placed before the next line that opens a block at the same or a lower indentation, so one missing brace does
 *    not swallow the rest of the file.
 */
import { createTokenInstance, Lexer, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import { makeDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.ts';
import {
  allTokens,
  COMMENT_GROUP,
  CONTINUATION_TOKENS,
  Else,
  Fn,
  For,
  Let,
  Identifier,
  If,
  Import,
  LBrace,
  LBracket,
  LParen,
  Newline,
  RBrace,
  RBracket,
  RParen,
  Sep,
  UnterminatedString,
} from './tokens.ts';

/**
 * Tokens carry offsets only: the rest of lb reads `startOffset`/`endOffset`, and tracking lines and columns made
 * lexing about twice as slow. chevrotain's 'onlyOffset' tokens have no `endOffset`, so this lexer adds it when it
 * creates a token (`withEndOffsets` covers a chevrotain that would not call this method).
 */
class OffsetLexer extends Lexer {
  createOffsetOnlyToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType, _line: number, _column: number, length: number): IToken {
    return { image, startOffset, endOffset: startOffset + length - 1, tokenTypeIdx, tokenType };
  }
}

/** Defined as true by the bundlers only: the tests, which run the sources, check the token definitions. */
declare const __LB_SKIP_GRAMMAR_CHECKS__: boolean | undefined;
const skipValidations = typeof __LB_SKIP_GRAMMAR_CHECKS__ === 'boolean' && __LB_SKIP_GRAMMAR_CHECKS__;

/**
 * `ensureOptimizations` makes a token that would silently disable chevrotain's first-character dispatch fail at
 * load instead (every test would catch it; `skipValidations` does not skip it).
 */
const lexer = new OffsetLexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true, skipValidations });

/** Only for line numbers in messages, on the error path (see `tokenLines`): built on first use. */
let lineLexer: Lexer | undefined;

function withEndOffsets(tokens: IToken[]): IToken[] {
  if (tokens.length > 0 && tokens[0].endOffset === undefined) for (const t of tokens) t.endOffset = t.startOffset + t.image.length - 1;
  return tokens;
}

export interface LexResult {
  tokens: IToken[];
  diagnostics: Diagnostic[];
}

/** Lexes a whole file. */
export function tokenize(text: string, file: string): LexResult {
  const diagnostics: Diagnostic[] = [];
  const raw = lexRange(text, 0, text.length, file, diagnostics);
  const tokens = balanceBraces(arrangeNewlines(raw, text), text, file, diagnostics);
  return { tokens, diagnostics };
}

/**
 * What incremental parsing (incremental.ts) must know about how the tokens of a range were arranged, to tell whether
 * that range would have been read the same way inside the whole file.
 */
export interface TokenTrace {
  /** Kept newlines reached with no bracket or brace open: nothing before them looked past them, nor they ahead. */
  cleanNewlines: Set<IToken>;
  /** Each '}' met with no block open: [its offset, offset of the top-level '}' it was weighed against, or -1]. */
  strays: [number, number][];
  /** Blocks left open (each closed by an inserted '}'). */
  unclosed: number;
  /** Some inserted '}' went to the very end of the tokens: in a longer text it could have gone further. */
  closedAtEnd: boolean;
}

/**
 * Lexes `text.slice(start, end)` as `tokenize` would lex the whole file, for a range that starts at a line start;
 * `trace` records what incremental parsing needs. Line numbers in messages are those of the whole text.
 */
export function tokenizeSlice(text: string, start: number, end: number, file: string, trace: TokenTrace): LexResult {
  const diagnostics: Diagnostic[] = [];
  const raw = lexRange(text, start, end, file, diagnostics);
  const tokens = balanceBraces(arrangeNewlines(raw, text, trace), text, file, diagnostics, trace, start === 0 ? tokenLines : newlineLines);
  return { tokens, diagnostics };
}

/** Lexes `text.slice(start, end)` (an interpolation) with offsets shifted to positions in `text`. */
export function tokenizeRange(text: string, start: number, end: number, file: string, diagnostics: Diagnostic[]): IToken[] {
  return lexRange(text, start, end, file, diagnostics).filter((t) => !tokenMatcher(t, Sep));
}

/** A `#` comment: its text (with the `#`) and its offsets [start, end) in the file. */
export interface CommentToken {
  text: string;
  start: number;
  end: number;
}

/** The comments of a file, in order. Uses the real lexer, so a `#` inside a string is not a comment. */
export function lexComments(text: string): CommentToken[] {
  let result;
  try {
    result = lexer.tokenize(text);
  } catch {
    return [];
  }
  return (result.groups[COMMENT_GROUP] ?? []).map((t) => ({ text: t.image, start: t.startOffset, end: t.startOffset + t.image.length }));
}

function lexRange(text: string, start: number, end: number, file: string, diagnostics: Diagnostic[]): IToken[] {
  const slice = start === 0 && end === text.length ? text : text.slice(start, end);
  let result;
  try {
    result = lexer.tokenize(slice);
  } catch (e) {
    // chevrotain should not throw; if it does, report it instead of crashing the caller.
    diagnostics.push(makeDiagnostic('LB0001', 'error', { file, start, end }, `the lexer failed: ${String(e)}`));
    return [];
  }
  for (const err of result.errors) {
    const from = start + err.offset;
    const bad = slice.substr(err.offset, err.length);
    const span: Span = { file, start: from, end: Math.min(from + Math.max(err.length, 1), end) };
    const shown = JSON.stringify(bad.length > 20 ? `${bad.slice(0, 20)}...` : bad);
    diagnostics.push(
      makeDiagnostic(
        'LB0001',
        'error',
        span,
        `unexpected character${err.length > 1 ? 's' : ''} ${shown}: not part of any lb token; remove ${err.length > 1 ? 'them' : 'it'} or put the text in a "string"`,
      ),
    );
  }
  const tokens = withEndOffsets(result.tokens);
  if (start !== 0) {
    for (const t of tokens) {
      t.startOffset += start;
      t.endOffset = (t.endOffset ?? t.startOffset) + start;
    }
  }
  return tokens;
}

function arrangeNewlines(raw: IToken[], text: string, trace?: TokenTrace): IToken[] {
  const out: IToken[] = [];
  const brackets: IToken[] = [];
  const closeParens = () => {
    while (brackets.length > 0 && brackets[brackets.length - 1].tokenType !== LBrace) brackets.pop();
  };
  for (let i = 0; i < raw.length; i++) {
    const tok = raw[i];
    const type = tok.tokenType;
    if (type === Newline) {
      const top = brackets[brackets.length - 1];
      if (top && top.tokenType !== LBrace) {
        if (!looksLikeNewStatement(raw, i, top, text)) continue;
        // An unclosed '(' or '[' must not swallow the following statements: end the broken one here.
        closeParens();
      }
      const prev = out[out.length - 1];
      if (!prev || tokenMatcher(prev, Sep) || prev.tokenType === LBrace || CONTINUATION_TOKENS.has(prev.tokenType)) continue;
      if (trace && brackets.length === 0) trace.cleanNewlines.add(tok);
      out.push(tok);
      continue;
    }
    if (type === Else) {
      // `}` newline `else`: the else still belongs to the if.
      while (out.length >= 2 && out[out.length - 1].tokenType === Newline && out[out.length - 2].tokenType === RBrace) out.pop();
    }
    if (type === LParen || type === LBracket) brackets.push(tok);
    else if (type === RParen || type === RBracket) {
      const want = type === RParen ? LParen : LBracket;
      if (brackets.length > 0 && brackets[brackets.length - 1].tokenType === want) brackets.pop();
    } else if (type === LBrace) {
      closeParens();
      brackets.push(tok);
    } else if (type === RBrace) {
      closeParens();
      if (brackets.length > 0) brackets.pop();
    } else if (type === UnterminatedString) {
      // The string swallowed the rest of the line, closing brackets included: let the newline end the statement.
      closeParens();
    }
    out.push(tok);
  }
  return out;
}

const STATEMENT_STARTERS = new Set([Identifier, For, If, Fn, Let, Import]);

/**
 * Inside an open '(' or '[', a newline followed by a statement-looking line indented no deeper than the line of the
 * bracket is taken as the end of a broken statement (for recovery; valid continuation lines are indented deeper or
 * start with a value or a closing bracket).
 */
function looksLikeNewStatement(raw: IToken[], newlineIndex: number, bracket: IToken, text: string): boolean {
  let next: IToken | undefined;
  for (let j = newlineIndex + 1; j < raw.length; j++) {
    if (raw[j].tokenType !== Newline) {
      next = raw[j];
      break;
    }
  }
  if (!next || !STATEMENT_STARTERS.has(next.tokenType)) return false;
  return indentOf(text, next.startOffset) <= indentOf(text, bracket.startOffset);
}

const BLOCK_STARTERS = new Set([Identifier, For, If, Fn]);

function balanceBraces(
  tokens: IToken[],
  text: string,
  file: string,
  diagnostics: Diagnostic[],
  trace?: TokenTrace,
  lines: (text: string) => (tok: IToken) => number = tokenLines,
): IToken[] {
  const open: number[] = [];
  let out: IToken[] = [];
  const stray: IToken[] = [];
  /** The last '}' that closed a top-level block: { its index in `out`, the opener's index }. */
  let lastTopClose: { closer: number; opener: number } | undefined;
  for (const tok of tokens) {
    if (tok.tokenType === LBrace) open.push(out.length);
    else if (tok.tokenType === RBrace) {
      if (open.length === 0) {
        trace?.strays.push([tok.startOffset, lastTopClose ? out[lastTopClose.closer].startOffset : -1]);
        // `bind x }}` then a '}' on its own line at the block's indentation: the mid-line brace was the extra one.
        const previous = lastTopClose;
        if (
          previous &&
          startsLine(text, tok.startOffset) &&
          !startsLine(text, out[previous.closer].startOffset) &&
          indentOf(text, tok.startOffset) === indentOf(text, out[previous.opener].startOffset)
        ) {
          stray.push(out[previous.closer]);
          out.splice(previous.closer, 1);
          lastTopClose = { closer: out.length, opener: previous.opener };
          out.push(tok);
          continue;
        }
        stray.push(tok);
        continue;
      }
      const opener = open.pop()!;
      if (open.length === 0) lastTopClose = { closer: out.length, opener };
    }
    out.push(tok);
  }
  // One report per line: `}}` is one mistake.
  const reportedLines = new Set<number>();
  for (const tok of stray.sort((a, b) => a.startOffset - b.startOffset)) {
    const line = lineOf(text, tok.startOffset);
    if (reportedLines.has(line)) continue;
    reportedLines.add(line);
    diagnostics.push(makeDiagnostic('LB0002', 'error', tokenSpan(tok, file), "unexpected '}': no block is open here; remove it"));
  }
  // Innermost first, so each insertion sees the braces of the blocks inside it already closed.
  const lineOfToken = lines(text);
  if (trace) trace.unclosed = open.length;
  for (let k = open.length - 1; k >= 0; k--) {
    const openerIndex = open[k];
    const opener = out[openerIndex];
    const at = closingPoint(out, openerIndex, text);
    if (trace && at === out.length) trace.closedAtEnd = true;
    const offset = at < out.length ? endOfPreviousToken(out, at) : text.length;
    const keyword = statementKeyword(out, openerIndex);
    const line = lineOfToken(opener);
    diagnostics.push(
      makeDiagnostic(
        'LB0002',
        'error',
        { file, start: offset, end: offset },
        `expected '}' to close the '${keyword}' block opened at line ${line}`,
        [{ span: tokenSpan(opener, file), message: `the '${keyword}' block opened here` }],
      ),
    );
    const closer = createTokenInstance(RBrace, '', offset, offset - 1, NaN, NaN, NaN, NaN);
    out = [...out.slice(0, at), closer, ...out.slice(at)];
  }
  return out;
}

/** Where a missing '}' most likely belongs: before the next line that opens a block at the opener's indentation or less. */
function closingPoint(tokens: IToken[], openerIndex: number, text: string): number {
  const indent = indentOf(text, tokens[openerIndex].startOffset);
  let depth = 0;
  for (let i = openerIndex + 1; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.tokenType === LBrace) depth++;
    else if (tok.tokenType === RBrace) depth--;
    if (depth !== 0 || !BLOCK_STARTERS.has(tok.tokenType)) continue;
    if (!startsLine(text, tok.startOffset) || indentOf(text, tok.startOffset) > indent) continue;
    if (opensBlockOnLine(tokens, i)) return i;
  }
  return tokens.length;
}

function opensBlockOnLine(tokens: IToken[], from: number): boolean {
  for (let i = from; i < tokens.length && tokens[i].tokenType !== Newline; i++) {
    if (tokens[i].tokenType === LBrace) return true;
  }
  return false;
}

function endOfPreviousToken(tokens: IToken[], at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    if (tokens[i].tokenType !== Newline) return (tokens[i].endOffset ?? tokens[i].startOffset) + 1;
  }
  return tokens[at].startOffset;
}

/** The first word of the statement a '{' belongs to (`backend`, `for`, `else`...). */
function statementKeyword(tokens: IToken[], braceIndex: number): string {
  let i = braceIndex;
  while (i > 0) {
    const prev = tokens[i - 1];
    if (tokenMatcher(prev, Sep) || prev.tokenType === LBrace || prev.tokenType === RBrace) break;
    i--;
  }
  if (i === braceIndex) return 'block';
  // `} else {`: name the else.
  for (let j = braceIndex - 1; j >= i; j--) if (tokens[j].tokenType === Else) return 'else';
  return tokens[i].image;
}

function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

function indentOf(text: string, offset: number): number {
  let lineStart = offset;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  let i = lineStart;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i - lineStart;
}

/**
 * Line numbers of tokens as chevrotain counts lines (a lone '\r' in whitespace or a comment counts too), which is what
 * the "opened at line N" message has always said. Tokens carry no lines, so on this error path the file is lexed
 * again with line tracking, once per call of `balanceBraces`.
 */
function tokenLines(text: string): (tok: IToken) => number {
  let lined: IToken[] | undefined;
  return (tok) => {
    if (tok.startLine !== undefined) return tok.startLine;
    if (!lined) {
      lineLexer ??= new Lexer(allTokens, { positionTracking: 'full', ensureOptimizations: true, skipValidations });
      try {
        lined = lineLexer.tokenize(text).tokens;
      } catch {
        lined = []; // as in lexRange: never let the lexer take the caller down
      }
    }
    return lined.find((t) => t.startOffset === tok.startOffset)?.startLine ?? lineOf(text, tok.startOffset);
  };
}

/**
 * `tokenLines` without lexing the whole text again: where no '\r' precedes a token, chevrotain's line is one plus the
 * number of '\n' before it (every '\n' is a Newline token).
 */
function newlineLines(text: string): (tok: IToken) => number {
  let exact: ((tok: IToken) => number) | undefined;
  return (tok) => {
    if (text.lastIndexOf('\r', tok.startOffset) < 0) return lineOf(text, tok.startOffset);
    exact ??= tokenLines(text);
    return exact(tok);
  };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function tokenSpan(tok: IToken, file: string): Span {
  return { file, start: tok.startOffset, end: (tok.endOffset ?? tok.startOffset) + 1 };
}
