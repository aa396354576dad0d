/**
 * `lb fmt`'s formatter, shared with the language server. Pure: text in, text out. It works on the token stream
 * (comments included) rather than re-printing the AST, so it cannot drop a comment or rewrite a literal; only the
 * whitespace between tokens changes. A file with syntax errors is returned unchanged with its diagnostics.
 * The layout is documented in docs/formatting.md.
 */
import type { CstNode } from 'chevrotain';
import { makeDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.ts';
import { parse } from '../syntax/index.ts';
import { tokenize } from '../syntax/lexer.ts';
import { parser } from '../syntax/parser.ts';
import { buildLayout } from './layout.ts';
import { Printer } from './render.ts';
import { collectRoles } from './roles.ts';
import { differenceInMeaning } from './verify.ts';

export { MAX_WIDTH } from './render.ts';
export { unifiedDiff } from './diff.ts';

export interface FormatResult {
  /** The formatted text; the input itself when it cannot be formatted. */
  text: string;
  /** The formatted text differs from the input. */
  changed: boolean;
  /** Why the file was not formatted: its syntax errors (or, should the formatter fail, one LB0002). */
  diagnostics: Diagnostic[];
}

export function format(text: string, file: string): FormatResult {
  const unchanged = (diagnostics: Diagnostic[]): FormatResult => ({ text, changed: false, diagnostics });
  const internal = (why: string) =>
    unchanged([
      makeDiagnostic(
        'LB0002',
        'error',
        { file, start: 0, end: 0 },
        `lb fmt could not format this file safely (${why}); it is left as written. This is a bug in lb fmt: please report it with the file`,
      ),
    ]);
  try {
    const parsed = parse(text, file);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) return unchanged(errors);

    const lexed = tokenize(text, file);
    parser.input = lexed.tokens;
    const cst: CstNode = parser.file();
    if (lexed.diagnostics.length > 0 || parser.errors.length > 0) return internal('the file did not parse the second time');

    const formatted = new Printer(collectRoles(cst)).file(buildLayout(text, lexed.tokens));
    if (formatted === text) return { text, changed: false, diagnostics: [] };
    const difference = differenceInMeaning(text, formatted, file, parsed.ast);
    if (difference !== undefined) return internal(difference);
    return { text: formatted, changed: true, diagnostics: [] };
  } catch (error) {
    const why = error instanceof RangeError ? 'it nests too deeply' : String(error);
    return internal(why);
  }
}
