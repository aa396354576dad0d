/**
 * Prints a layout tree in the canonical layout (docs/formatting.md): two spaces per level, one statement per line,
 * `{` on the header line and `}` alone, directive arguments aligned in runs, one-line blocks kept when they fit.
 */
import type { IToken } from 'chevrotain';
import { Else, LBracket, LParen, RBracket, RParen } from '../syntax/tokens.ts';
import type { Body, Entry, Part, Statement } from './layout.ts';
import type { TokenRoles } from './roles.ts';
import { spaceBetween } from './spacing.ts';

export const MAX_WIDTH = 100;
/** Keywords longer than this are not aligned with their neighbours (and do not widen their run). */
export const MAX_ALIGNED_KEYWORD = 12;
const INDENT = '  ';

interface Line {
  code: string;
  comment?: string;
}

function lineText(line: Line): string {
  if (line.comment === undefined) return line.code;
  return line.code.trim() === '' ? `${line.code}${line.comment}` : `${line.code} ${line.comment}`;
}

export class Printer {
  constructor(private readonly roles: TokenRoles) {}

  file(body: Body): string {
    const lines: string[] = [];
    this.body(body, 0, lines);
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  private body(body: Body, depth: number, out: string[]): void {
    const columns = this.alignment(body.entries);
    for (const entry of body.entries) {
      if (entry.kind === 'blank') out.push('');
      else if (entry.kind === 'comment') out.push(INDENT.repeat(depth) + entry.text);
      else this.statement(entry, depth, columns.get(entry), out);
    }
  }

  /**
   * Runs of consecutive directives (not broken by a blank line or another kind of statement; comments do not
   * break a run) have their first argument in one column: one space after the longest keyword.
   */
  private alignment(entries: Entry[]): Map<Statement, number> {
    const columns = new Map<Statement, number>();
    let run: Statement[] = [];
    const close = () => {
      const aligned = run.filter((s) => this.alignable(s));
      const width = Math.max(0, ...aligned.map((s) => keywordOf(s).length));
      for (const s of aligned) columns.set(s, width + 1);
      run = [];
    };
    for (const entry of entries) {
      if (entry.kind === 'comment') continue;
      if (entry.kind === 'statement' && this.isDirective(entry)) run.push(entry);
      else close();
    }
    close();
    return columns;
  }

  private isDirective(s: Statement): boolean {
    const first = s.parts[0];
    return first?.kind === 'token' && this.roles.directives.has(first.token.tok.startOffset);
  }

  /** A directive with an argument after its keyword on the same line, separated by a space. */
  private alignable(s: Statement): boolean {
    const [first, second] = s.parts;
    if (first?.kind !== 'token' || second?.kind !== 'token' || second.breakBefore) return false;
    if (first.token.tok.image.length > MAX_ALIGNED_KEYWORD) return false;
    return spaceBetween(first.token.tok, second.token.tok, this.roles) === ' ';
  }

  /** Prints a statement, expanding one-line blocks (outermost first) until every line fits. */
  private statement(s: Statement, depth: number, column: number | undefined, out: string[]): void {
    const expanded = new Set<Body>();
    for (;;) {
      const laid = this.layStatement(s, depth, column, expanded);
      const tooWide = laid.inline.find((b) => laid.lines[b.line].code.length > MAX_WIDTH);
      if (tooWide === undefined) {
        out.push(...laid.lines.map(lineText));
        return;
      }
      expanded.add(tooWide.body);
    }
  }

  private layStatement(
    s: Statement,
    depth: number,
    column: number | undefined,
    expanded: Set<Body>,
  ): { lines: Line[]; inline: { body: Body; line: number }[] } {
    const lines: Line[] = [];
    const inline: { body: Body; line: number }[] = [];
    /** Indentation levels of the lines where the open brackets of the statement were opened. */
    const brackets: number[] = [];
    let current: Line = { code: INDENT.repeat(depth) };
    let level = depth;
    let previous: IToken | undefined;
    let afterBody = false;
    let mustBreak = false;

    const flush = () => {
      lines.push(current);
      current = { code: '' };
    };
    const continuationLevel = (tok: IToken | undefined): number => {
      if (tok && (tok.tokenType === RParen || tok.tokenType === RBracket) && brackets.length > 0) return brackets[brackets.length - 1];
      if (brackets.length > 0) return brackets[brackets.length - 1] + 1;
      if (tok?.tokenType === Else) return depth;
      return depth + 1;
    };
    const startLine = (lvl: number) => {
      flush();
      level = lvl;
      current = { code: INDENT.repeat(lvl) };
    };

    s.parts.forEach((part: Part, index) => {
      if (part.kind === 'comment') {
        if (!part.ownLine) current.comment = part.text;
        else {
          if (previous !== undefined || afterBody) startLine(continuationLevel(undefined));
          current.comment = part.text;
        }
        mustBreak = true;
        return;
      }
      if (part.kind === 'token') {
        const tok = part.token.tok;
        if (previous === undefined && !afterBody) {
          current.code += tok.image;
        } else if (part.breakBefore || mustBreak) {
          startLine(continuationLevel(tok));
          current.code += tok.image;
        } else if (afterBody) {
          current.code += ` ${tok.image}`;
        } else {
          let space = spaceBetween(previous!, tok, this.roles);
          if (index === 1 && column !== undefined) space = ' '.repeat(Math.max(1, column - previous!.image.length));
          current.code += space + tok.image;
        }
        if (tok.tokenType === LParen || tok.tokenType === LBracket) brackets.push(level);
        else if ((tok.tokenType === RParen || tok.tokenType === RBracket) && brackets.length > 0) brackets.pop();
        previous = tok;
        afterBody = false;
        mustBreak = false;
        return;
      }
      const body = part.body;
      const sep = current.code.trim() === '' ? '' : ' ';
      if (mustBreak) startLine(depth);
      if (isEmpty(body)) {
        current.code += `${sep}{}`;
      } else if (body.oneLine && !expanded.has(body)) {
        inline.push({ body, line: lines.length });
        current.code += `${sep}${this.inlineBody(body)}`;
      } else {
        current.code += `${sep}{`;
        if (body.openComment !== undefined) current.comment = body.openComment;
        flush();
        const inner: string[] = [];
        this.body(body, depth + 1, inner);
        for (const text of inner) lines.push({ code: text });
        current = { code: `${INDENT.repeat(depth)}}` };
        level = depth;
      }
      afterBody = true;
      mustBreak = false;
      previous = undefined;
    });
    if (s.trailing !== undefined) current.comment = s.trailing;
    lines.push(current);
    return { lines, inline };
  }

  /** `{ a; b }` on one line; only for bodies written on one line, which hold no comments. */
  private inlineBody(body: Body): string {
    const statements = body.entries.filter((e): e is Statement => e.kind === 'statement');
    return `{ ${statements.map((s) => this.inlineStatement(s)).join('; ')} }`;
  }

  private inlineStatement(s: Statement): string {
    let text = '';
    let previous: IToken | undefined;
    for (const part of s.parts) {
      if (part.kind === 'comment') continue; // cannot happen on one line: a comment runs to the end of it
      if (part.kind === 'body') {
        text += ` ${isEmpty(part.body) ? '{}' : this.inlineBody(part.body)}`;
        previous = undefined;
        continue;
      }
      const tok = part.token.tok;
      if (text === '') text = tok.image;
      else text += (previous === undefined ? ' ' : spaceBetween(previous, tok, this.roles)) + tok.image;
      previous = tok;
    }
    return text;
  }
}

function keywordOf(s: Statement): string {
  const first = s.parts[0];
  return first?.kind === 'token' ? first.token.tok.image : '';
}

function isEmpty(body: Body): boolean {
  return body.entries.length === 0 && body.openComment === undefined;
}
