/**
 * The layout tree: the token stream of a file cut into bodies, statements and comments, with the line breaks the
 * author wrote. It is built from the lexer's tokens (the same ones the parser read) plus the text between them,
 * which can only hold whitespace, `;`, newlines and comments. Every token and every comment of the file ends up in
 * the tree exactly once, so printing it cannot lose anything.
 */
import { tokenMatcher, type IToken } from 'chevrotain';
import { Else, LBrace, Newline, RBrace, Semicolon, Sep } from '../syntax/tokens.ts';

export interface CommentPiece {
  /** The comment, `#` included, trailing whitespace removed. */
  text: string;
  /** True when it shares its line with the token before it. */
  trailing: boolean;
  /** Line breaks between the previous token (or comment) and this comment. */
  newlinesBefore: number;
}

/** A token of the file as the formatter sees it: no newlines or `;`, which the layout replaces. */
export interface LayoutToken {
  tok: IToken;
  /** A statement separator (newline or `;`) that ends a statement came before it. */
  separated: boolean;
  /** Comments between the previous token and this one. */
  comments: CommentPiece[];
  /** Line breaks between the last comment (or previous token) and this token. */
  newlinesAfterComments: number;
  /** Line breaks anywhere between the previous token and this one. */
  newlines: number;
}

export type Part =
  | { kind: 'token'; token: LayoutToken; breakBefore: boolean }
  | { kind: 'comment'; text: string; ownLine: boolean }
  | { kind: 'body'; body: Body };

export interface Statement {
  kind: 'statement';
  parts: Part[];
  /** A comment at the end of the statement's last line. */
  trailing?: string;
}

export type Entry = { kind: 'blank' } | { kind: 'comment'; text: string } | Statement;

export interface Body {
  entries: Entry[];
  /** A comment after `{` on the header line. */
  openComment?: string;
  /** `{` and `}` were on the same line. */
  oneLine: boolean;
}

/** Splits the text between two tokens into its comments and line breaks. */
function readGap(text: string, start: number, end: number, hasPrevious: boolean): Omit<LayoutToken, 'tok' | 'separated'> {
  const segments = text.slice(start, end).split('\n');
  const comments: CommentPiece[] = [];
  let pending = 0;
  segments.forEach((segment, index) => {
    if (index > 0) pending++;
    // Between tokens there is only whitespace, ';' and comments, so the first '#' starts a comment.
    const hash = segment.indexOf('#');
    if (hash < 0) return;
    comments.push({ text: segment.slice(hash).trimEnd(), trailing: index === 0 && hasPrevious, newlinesBefore: pending });
    pending = 0;
  });
  return { comments, newlinesAfterComments: pending, newlines: segments.length - 1 };
}

/** The tokens of a cleanly lexed file (newline and `;` tokens folded into `separated`), plus the end-of-file gap. */
export function layoutTokens(text: string, tokens: readonly IToken[]): { tokens: LayoutToken[]; end: LayoutToken } {
  const out: LayoutToken[] = [];
  let previousEnd = 0;
  let separated = false;
  for (const tok of tokens) {
    if (tok.tokenType === Newline || tok.tokenType === Semicolon || tokenMatcher(tok, Sep)) {
      separated = true;
      continue;
    }
    out.push({ tok, separated, ...readGap(text, previousEnd, tok.startOffset, out.length > 0) });
    previousEnd = (tok.endOffset ?? tok.startOffset) + 1;
    separated = false;
  }
  const eofToken = { image: '', startOffset: text.length, endOffset: text.length - 1 } as IToken;
  const end: LayoutToken = { tok: eofToken, separated: true, ...readGap(text, previousEnd, text.length, out.length > 0) };
  return { tokens: out, end };
}

/** Builds the layout tree of a whole file. */
export function buildLayout(text: string, tokens: readonly IToken[]): Body {
  const stream = layoutTokens(text, tokens);
  return new Builder(text, stream.tokens, stream.end).file();
}

class Builder {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: LayoutToken[],
    private readonly end: LayoutToken,
  ) {}

  private peek(): LayoutToken {
    return this.tokens[this.index] ?? this.end;
  }
  private atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  file(): Body {
    return this.body(false);
  }

  /** Entries up to (not including) the closing `}` or the end of the file. */
  private body(afterBrace: boolean): Body {
    const body: Body = { entries: [], oneLine: false };
    let first = true;
    for (;;) {
      const next = this.peek();
      this.entryComments(body, next, first && afterBrace);
      first = false;
      const closes = this.atEnd() || next.tok.tokenType === RBrace;
      if (!closes && next.newlinesAfterComments >= 2) this.blank(body);
      if (closes) return body;
      body.entries.push(this.statement());
    }
  }

  /** The comments before the next entry: a trailing one belongs to what precedes it, the others are entries. */
  private entryComments(body: Body, next: LayoutToken, afterBrace: boolean): void {
    for (const comment of next.comments) {
      const last = body.entries[body.entries.length - 1];
      if (comment.trailing && afterBrace) {
        body.openComment = comment.text;
        continue;
      }
      if (comment.trailing && last?.kind === 'statement' && last.trailing === undefined) {
        last.trailing = comment.text;
        continue;
      }
      if (comment.newlinesBefore >= 2) this.blank(body);
      body.entries.push({ kind: 'comment', text: comment.text });
    }
  }

  private blank(body: Body): void {
    const last = body.entries[body.entries.length - 1];
    if (last !== undefined && last.kind !== 'blank') body.entries.push({ kind: 'blank' });
  }

  private statement(): Statement {
    const statement: Statement = { kind: 'statement', parts: [] };
    let afterBody = false;
    for (;;) {
      const next = this.peek();
      if (statement.parts.length > 0) {
        if (this.atEnd() || next.separated || next.tok.tokenType === RBrace) break;
        // After a block only `else` continues the statement (`} else {`).
        if (afterBody && next.tok.tokenType !== Else) break;
        for (const comment of next.comments) statement.parts.push({ kind: 'comment', text: comment.text, ownLine: !comment.trailing });
      }
      this.index++;
      if (next.tok.tokenType === LBrace) {
        const body = this.body(true);
        const close = this.peek();
        body.oneLine = !this.text.slice(next.tok.startOffset, close.tok.startOffset).includes('\n');
        // The comments before the closing brace became entries of the body; the brace itself is printed by the body.
        if (!this.atEnd()) this.index++;
        statement.parts.push({ kind: 'body', body });
        afterBody = true;
        continue;
      }
      statement.parts.push({ kind: 'token', token: next, breakBefore: statement.parts.length > 0 && !afterBody && next.newlines > 0 });
      afterBody = false;
    }
    return statement;
  }
}
