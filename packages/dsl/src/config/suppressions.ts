/**
 * Reads inline suppressions from a file's comments:
 *   # lb-ignore LB2007, LB2015: why        -> the next line with code (or this line, when the comment trails code)
 *   # lb-ignore-file LB2015: why           -> the whole file
 * A reason is required; codes must exist and be suppressible. Problems with a suppression are reported (LB1023,
 * LB1025) and such a code, or a suppression without a reason, suppresses nothing.
 */
import { RULES } from '../diagnostics/codes.ts';
import { makeDiagnostic, SourceText, type Diagnostic, type Span } from '../diagnostics/diagnostic.ts';
import { lexComments } from '../syntax/index.ts';
import { lockReason } from './policy.ts';
import { didYouMeanCode } from './suggest-code.ts';

export interface SuppressedCode {
  code: string;
  /** Where the code is written in the comment (for "unused" reports). */
  span: Span;
}

export interface Suppression {
  file: string;
  /** `line`: diagnostics starting on `line`; `file`: every diagnostic of the file. */
  scope: 'line' | 'file';
  /** 1-based; undefined for the file form, or when no line of code follows the comment. */
  line?: number;
  codes: SuppressedCode[];
  /** The whole comment. */
  span: Span;
}

export interface ReadSuppressions {
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
}

const DIRECTIVE = /^#\s*(lb-ignore-file|lb-ignore)(?![\w-])/;
const EXAMPLE = '`# lb-ignore LB2007: the legacy box has no health endpoint`';

export function readSuppressions(file: string, text: string): ReadSuppressions {
  const suppressions: Suppression[] = [];
  const diagnostics: Diagnostic[] = [];
  // Most files have no suppression; skip lexing them again (about a tenth of a check on a 10,000-line file).
  if (!text.includes('lb-ignore')) return { suppressions, diagnostics };
  let source: SourceText | undefined;
  for (const comment of lexComments(text)) {
    const directive = DIRECTIVE.exec(comment.text);
    if (!directive) continue;
    source ??= new SourceText(file, text);
    const scope = directive[1] === 'lb-ignore-file' ? 'file' : 'line';
    const bodyStart = directive[0].length;
    const colon = comment.text.indexOf(':', bodyStart);
    const codesEnd = colon < 0 ? comment.text.length : colon;
    const reason = colon < 0 ? '' : comment.text.slice(colon + 1).trim();
    const commentSpan: Span = { file, start: comment.start, end: comment.end };

    const codes: SuppressedCode[] = [];
    let written = 0;
    for (const m of comment.text.slice(bodyStart, codesEnd).matchAll(/[^\s,]+/g)) {
      written++;
      const code = m[0];
      const start = comment.start + bodyStart + (m.index ?? 0);
      const span: Span = { file, start, end: start + code.length };
      const problem = codeProblem(code);
      if (problem) diagnostics.push(makeDiagnostic('LB1025', 'warning', span, problem));
      else codes.push({ code, span });
    }
    if (written === 0) {
      diagnostics.push(makeDiagnostic('LB1025', 'warning', commentSpan, `this suppression names no rule; write the code to suppress, as in ${EXAMPLE}`));
    }
    if (reason === '') {
      diagnostics.push(
        makeDiagnostic(
          'LB1023',
          'warning',
          commentSpan,
          `this suppression has no reason, so it suppresses nothing; say why the finding does not apply after a colon, as in ${EXAMPLE}`,
        ),
      );
      continue;
    }
    if (codes.length === 0) continue;
    const line = scope === 'file' ? undefined : targetLine(source, comment.start);
    suppressions.push({ file, scope, line, codes, span: commentSpan });
  }
  return { suppressions, diagnostics };
}

function codeProblem(code: string): string | undefined {
  if (!RULES.has(code)) {
    const hint = didYouMeanCode(code);
    return `'${code}' is not an lb rule code, so nothing is suppressed.${hint || ' Codes look like LB2007; docs/rules/README.md lists them.'}`;
  }
  const locked = lockReason(code);
  return locked ? `${code} cannot be suppressed: ${locked}. Fix the problem instead.` : undefined;
}

/** The line a `# lb-ignore` covers: its own when it trails code, else the next line that is neither blank nor a comment. */
function targetLine(source: SourceText, commentStart: number): number | undefined {
  const here = source.position(commentStart);
  if (source.lineText(here.line).slice(0, here.column - 1).trim() !== '') return here.line;
  for (let line = here.line + 1; line <= source.lineCount; line++) {
    const code = source.lineText(line).trim();
    if (code !== '' && !code.startsWith('#')) return line;
  }
  return undefined;
}
