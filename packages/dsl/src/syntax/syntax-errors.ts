/**
 * Turning chevrotain's parse errors into diagnostics, and keeping one syntax error per line; shared by `parse` and
 * incremental parsing so both report exactly the same.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { makeDiagnostic, SourceText, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';

export function parseErrorDiagnostic(e: IRecognitionException, text: string, file: string): Diagnostic {
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
 * already has a lexical, string or brace error (the syntax error is then only a consequence of it). `lineAt` numbers
 * the lines (only equality matters); by default the lines of the whole text.
 */
export function onePerLine(text: string, others: Diagnostic[], parseErrors: Diagnostic[], lineAt?: (offset: number) => number): Diagnostic[] {
  // Nothing to filter (the usual case): skip indexing the lines of the whole file.
  if (parseErrors.length === 0) return sortDiagnostics(others);
  let line = lineAt;
  if (!line) {
    const source = new SourceText('', text);
    line = (offset) => source.position(offset).line;
  }
  const taken = new Set<number>();
  for (const d of others) if (d.code !== 'LB0005') taken.add(line(d.span.start));
  const kept: Diagnostic[] = [];
  for (const d of sortDiagnostics(parseErrors)) {
    const at = line(d.span.start);
    if (taken.has(at)) continue;
    taken.add(at);
    kept.push(d);
  }
  return sortDiagnostics([...others, ...kept]);
}
