/**
 * `lb check --format github`: one GitHub Actions workflow command per diagnostic, which the runner turns into an
 * annotation on the pull request's diff:
 *
 *   ::error file=app.lb,line=13,endLine=13,col=11,endColumn=13,title=LB1003 Unknown name::unknown backend 'ap'...
 *
 * Columns are 1-based and `endColumn` is exclusive, as in the JSON and SARIF formats. GitHub only accepts columns
 * when the range is on one line (the runner drops them, with a warning, otherwise), so a range over several lines
 * gives `line`/`endLine` only. Related locations are appended to the message as `note:` lines.
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import { ruleInfo } from '../diagnostics/codes.ts';
import type { SourceSet } from './sources.ts';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** The runner's escaping of a command's data (the message). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The runner's escaping of a property value: as data, plus the `:` and `,` that would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function location(file: string, sources: SourceSet, span: Diagnostic['span']): string {
  const { start } = sources.range(span);
  return `${file}:${start.line}:${start.column}`;
}

export function formatGithubCommand(d: Diagnostic, sources: SourceSet): string {
  const { start, end } = sources.range(d.span);
  const rule = ruleInfo(d.code);
  const properties: [string, string | number][] = [
    ['file', d.span.file],
    ['line', start.line],
    ['endLine', end.line],
  ];
  if (start.line === end.line) properties.push(['col', start.column], ['endColumn', end.column]);
  properties.push(['title', rule === undefined ? d.code : `${d.code} ${rule.title}`]);
  const message = [d.message, ...(d.related ?? []).map((r) => `note: ${location(r.span.file, sources, r.span)}: ${r.message}`)].join('\n');
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[d.severity]} ${props}::${escapeData(message)}`;
}

export function formatGithub(diagnostics: readonly Diagnostic[], sources: SourceSet): string {
  return diagnostics.map((d) => `${formatGithubCommand(d, sources)}\n`).join('');
}
