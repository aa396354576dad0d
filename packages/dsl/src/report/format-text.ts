/**
 * Human-readable diagnostics:
 *
 *   app.lb:12:3: error LB2001: ...message...
 *    12 |   bind *:80
 *       |        ^~~~
 *     = note: app.lb:5:3: ...related message...
 *
 * Pure (colour is a parameter) so the same text can be produced for a terminal, a log or a test.
 */
import type { Diagnostic, Severity, Span } from '../diagnostics/diagnostic.ts';
import type { SourceSet } from './sources.ts';

export interface TextStyle {
  color: boolean;
}

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', red: '\u001b[31m', yellow: '\u001b[33m', cyan: '\u001b[36m', blue: '\u001b[34m' };
const SEVERITY_COLOR: Record<Severity, string> = { error: ANSI.red, warning: ANSI.yellow, info: ANSI.cyan };

function paint(style: TextStyle, codes: string, text: string): string {
  return style.color && text !== '' ? `${codes}${text}${ANSI.reset}` : text;
}

function location(span: Span, sources: SourceSet): string {
  const { line, column } = sources.range(span).start;
  return `${span.file}:${line}:${column}`;
}

/** One diagnostic: header line, code frame (when the file's text is known), then its related locations. */
export function formatDiagnosticText(d: Diagnostic, sources: SourceSet, style: TextStyle): string {
  const color = SEVERITY_COLOR[d.severity];
  const lines = [
    `${paint(style, ANSI.bold, `${location(d.span, sources)}:`)} ${paint(style, ANSI.bold + color, `${d.severity} ${d.code}`)}: ${paint(style, ANSI.bold, d.message)}`,
    ...codeFrame(d.span, sources, style, color),
  ];
  for (const r of d.related ?? []) {
    lines.push(`  ${paint(style, ANSI.bold + ANSI.blue, '=')} note: ${location(r.span, sources)}: ${r.message}`);
  }
  return lines.join('\n');
}

/** The span's first line with a gutter, and `^~~~` under exactly the span (to the end of that line if it spans more). */
export function codeFrame(span: Span, sources: SourceSet, style: TextStyle, color = ANSI.red): string[] {
  const table = sources.source(span.file);
  if (table === undefined) return [];
  const { start, end } = sources.range(span);
  const text = table.lineText(start.line);
  const lastColumn = end.line === start.line ? end.column : text.length + 1;
  const width = Math.max(1, lastColumn - start.column);
  // Keep the line's tabs in the padding so the marker lines up in any terminal.
  const padding = text.slice(0, start.column - 1).replace(/[^\t]/g, ' ');
  const number = String(start.line);
  const gutter = ' '.repeat(number.length);
  const bar = paint(style, ANSI.bold + ANSI.blue, '|');
  return [
    `${paint(style, ANSI.bold + ANSI.blue, ` ${number}`)} ${bar} ${text}`.trimEnd(),
    ` ${gutter} ${bar} ${padding}${paint(style, ANSI.bold + color, `^${'~'.repeat(width - 1)}`)}`,
  ];
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "2 errors, 1 warning in 1 file" (infos are counted only when there are some). */
export function formatSummary(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const by = (s: Severity) => diagnostics.filter((d) => d.severity === s).length;
  const parts = [count(by('error'), 'error'), count(by('warning'), 'warning')];
  const infos = by('info');
  if (infos > 0) parts.push(`${infos} info`);
  return `${parts.join(', ')} in ${count(fileCount, 'file')}`;
}

/** Every diagnostic, a blank line between them. */
export function formatDiagnosticsText(diagnostics: readonly Diagnostic[], sources: SourceSet, style: TextStyle): string {
  return diagnostics.map((d) => `${formatDiagnosticText(d, sources, style)}\n`).join('\n');
}
