/**
 * The syntax phase: text -> AST + diagnostics (LB0001-LB0005). Never throws: whatever cannot be read is reported and
 * left out (or stands as an `ErrorExpr`), and the rest of the file is still returned.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { makeDiagnostic, SourceText, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from './ast.ts';
import { tokenize } from './lexer.ts';
import { Lowerer } from './lower.ts';
import { parser } from './parser.ts';

export type * from './ast.ts';
export { lexComments, type CommentToken } from './lexer.ts';

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

function parseErrorDiagnostic(e: IRecognitionException, text: string, file: string): Diagnostic {
  const tok = e.token;
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  let start = text.length;
  let end = text.length;
  if (tok && !tok.isInsertedInRecovery && Number.isFinite(tok.startOffset)) {
    start = tok.startOffset;
    end = Math.max(start, (tok.endOffset ?? start) + 1);
  } else if (previous && Number.isFinite(previous.endOffset)) {
    start = end = (previous.endOffset ?? 0) + 1;
  }
  start = Math.min(start, text.length);
  end = Math.min(Math.max(end, start), text.length);
  return makeDiagnostic('LB0002', 'error', { file, start, end }, e.message);
}

/**
 * One mistake may cause follow-on syntax errors; keep the first syntax error of each line, and none on a line that
 * already has a lexical, string or brace error (the syntax error is then only a consequence of it).
 */
function onePerLine(text: string, others: Diagnostic[], parseErrors: Diagnostic[]): Diagnostic[] {
  // Nothing to filter (the usual case): skip indexing the lines of the whole file.
  if (parseErrors.length === 0) return sortDiagnostics(others);
  const source = new SourceText('', text);
  const taken = new Set<number>();
  for (const d of others) if (d.code !== 'LB0005') taken.add(source.position(d.span.start).line);
  const kept: Diagnostic[] = [];
  for (const d of sortDiagnostics(parseErrors)) {
    const line = source.position(d.span.start).line;
    if (taken.has(line)) continue;
    taken.add(line);
    kept.push(d);
  }
  return sortDiagnostics([...others, ...kept]);
}
