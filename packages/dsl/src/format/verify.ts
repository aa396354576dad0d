/**
 * The formatter's safety net: the formatted text must parse without errors to the same syntax tree (positions
 * aside) and keep the same comments in the same order. If it does not, the formatter has a bug and the file is
 * left as written.
 */
import { parse } from '../syntax/index.ts';
import type { SourceFile } from '../syntax/ast.ts';
import { lexComments } from '../syntax/lexer.ts';

/** The AST without positions (which formatting is allowed to change). */
function shapeOf(ast: SourceFile): string {
  return JSON.stringify(ast, (key, value) => (key === 'span' || key === 'bodySpan' ? undefined : value));
}

function shape(text: string, file: string): string | undefined {
  const parsed = parse(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return shapeOf(parsed.ast);
}

function comments(text: string): string {
  return JSON.stringify(lexComments(text).map((c) => c.text.trimEnd()));
}

/**
 * Why `formatted` is not equivalent to `original`, or undefined when it is. `originalAst`, when the caller has
 * already parsed `original`, saves parsing it again.
 */
export function differenceInMeaning(original: string, formatted: string, file: string, originalAst?: SourceFile): string | undefined {
  const after = shape(formatted, file);
  if (after === undefined) return 'the formatted text does not parse';
  const before = originalAst ? shapeOf(originalAst) : shape(original, file);
  if (after !== before) return 'the formatted text parses differently';
  if (comments(original) !== comments(formatted)) return 'the formatted text has different comments';
  return undefined;
}
