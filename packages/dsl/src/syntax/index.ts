/**
 * The syntax phase: text -> AST + diagnostics (LB0001-LB0005). Never throws: whatever cannot be read is reported and
 * left out (or stands as an `ErrorExpr`), and the rest of the file is still returned.
 */
import { makeDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from './ast.ts';
import { tokenize } from './lexer.ts';
import { Lowerer } from './lower.ts';
import { parser } from './parser.ts';
import { onePerLine, parseErrorDiagnostic } from './syntax-errors.ts';

export type * from './ast.ts';
export { lexComments, type CommentToken } from './lexer.ts';
export { parseIncremental, type IncrementalStats, type ParsedText } from './incremental.ts';

export interface ParseResult {
  ast: SourceFile;
  diagnostics: Diagnostic[];
}

export function parse(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  try {
    const lexed = tokenize(text, file);
    diagnostics.push(...lexed.diagnostics);
    parser.input = lexed.tokens;
    const cst = parser.file();
    const errors = [...parser.errors];
    const parseDiagnostics = errors.map((e) => parseErrorDiagnostic(e, text, file));
    const lowered: Diagnostic[] = [];
    const lowerer = new Lowerer(text, file, lowered);
    lowerer.setParseErrors(errors);
    const ast = lowerer.sourceFile(cst);
    // Syntax errors found while lowering (junk lines, bad calls) compete with chevrotain's for their line.
    const syntax = [...parseDiagnostics, ...lowered.filter((d) => d.code === 'LB0002')];
    diagnostics.push(...lowered.filter((d) => d.code !== 'LB0002'));
    return { ast, diagnostics: onePerLine(text, diagnostics, syntax) };
  } catch (e) {
    // Absurd nesting (or a bug in the parser) must not take the caller down: report it and return an empty file.
    const message =
      e instanceof RangeError
        ? 'this file nests brackets or strings too deeply to be read; flatten the deepest expression'
        : `internal parser error (please report it): ${String(e)}`;
    diagnostics.push(makeDiagnostic('LB0002', 'error', { file, start: 0, end: 0 }, message));
    return { ast: { kind: 'File', file, items: [], span: { file, start: 0, end: text.length } }, diagnostics: sortDiagnostics(diagnostics) };
  }
}
