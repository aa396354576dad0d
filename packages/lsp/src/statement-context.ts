/**
 * Where the cursor is, in editor terms: which block it is in, which directive it is writing and which argument.
 * Read from the syntax tree (for blocks, which survive a missing `}`) and from the text of the statement being
 * typed (which is usually not valid yet).
 */
import { enclosingItems } from './syntax-walk.ts';
import type { Ast } from '@lb/dsl';

export interface StatementContext {
  /** Innermost enclosing block keyword (`backend`, ...), undefined at top level. */
  block?: string;
  /** The enclosing blocks and scripting items, outermost first. */
  chain: Ast.Item[];
  /** Words of the statement before the word being typed; `words[0]` is the directive or block keyword. */
  words: string[];
  /** Words of the current comma-separated group before the word being typed (the first group includes the keyword). */
  groupWords: string[];
  /** True when the cursor is after a comma (a new group). */
  inLaterGroup: boolean;
  /** The word being typed, up to the cursor. */
  partial: string;
  /** Text of the line before the cursor. */
  linePrefix: string;
  /** The cursor is inside a string literal. */
  inString: boolean;
  inComment: boolean;
}

export function statementContext(ast: Ast.SourceFile, text: string, offset: number): StatementContext {
  const chain = enclosingItems(ast.items, offset, text);
  const blocks = chain.filter((i): i is Ast.Block => i.kind === 'Block');
  const innermost = blocks[blocks.length - 1];
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const linePrefix = text.slice(lineStart, offset);
  // Look back over lines that end with `,`: the statement continues from there.
  let start = lineStart;
  while (start > 0) {
    const previousStart = text.lastIndexOf('\n', start - 2) + 1;
    if (!scan(text.slice(previousStart, start - 1)).endsWithComma) break;
    start = previousStart;
  }
  const scanned = scan(text.slice(start, offset));
  const statement = scanned.statement;
  const partialMatch = /[A-Za-z_][\w.-]*$|$/.exec(statement);
  const partial = scanned.inString || scanned.inComment ? '' : (partialMatch?.[0] ?? '');
  const before = statement.slice(0, statement.length - partial.length);
  const groups = before.split(',');
  return {
    block: innermost?.keyword.name,
    chain,
    words: splitWords(before),
    groupWords: splitWords(groups[groups.length - 1]),
    inLaterGroup: groups.length > 1,
    partial,
    linePrefix,
    inString: scanned.inString,
    inComment: scanned.inComment,
  };
}

/** Splits off the statement being typed: the text after the last `;`, `{`, `}` or line break (unless the line ended
 *  with `,`), outside strings and comments. */
function scan(text: string): { statement: string; inString: boolean; inComment: boolean; endsWithComma: boolean } {
  let start = 0;
  let inString = false;
  let inComment = false;
  let lastSignificant = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inComment) {
      if (c === '\n') inComment = false;
      else continue;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '#') inComment = true;
    else if (c === ';' || c === '{' || c === '}' || (c === '\n' && lastSignificant !== ',')) start = i + 1;
    if (!inComment && c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') lastSignificant = c;
  }
  return { statement: text.slice(start), inString, inComment, endsWithComma: lastSignificant === ',' };
}

function splitWords(text: string): string[] {
  return text.match(/"(?:[^"\\]|\\.)*"?|[^\s,]+/g) ?? [];
}

