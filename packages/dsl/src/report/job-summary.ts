/**
 * The markdown `lb check --format github` appends to `$GITHUB_STEP_SUMMARY`: totals, one table of findings per file
 * (each code linked to its documentation) and, when available, a Mermaid picture of each checked file's topology,
 * which GitHub renders on the run's summary page. Pure: the caller writes the file.
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.ts';
import { formatSummary } from './format-text.ts';
import { ruleHelpUri } from './rule-links.ts';
import type { SourceSet } from './sources.ts';

export interface Topology {
  file: string;
  /** Mermaid source without the code fence. */
  mermaid: string;
}

const SEVERITY_LABEL: Record<Severity, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };

/** Text inside a table cell: HTML-escaped (GitHub renders inline HTML), pipes escaped, one line. */
export function cellText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, '<br>');
}

function codeText(text: string): string {
  return `<code>${cellText(text)}</code>`;
}

export function formatJobSummary(
  diagnostics: readonly Diagnostic[],
  sources: SourceSet,
  topologies: readonly Topology[] = [],
): string {
  const out: string[] = ['## lb check', '', formatSummary(diagnostics, sources.fileCount), ''];
  const files = [...new Set(diagnostics.map((d) => d.span.file))];
  for (const file of files) {
    out.push(`### ${codeText(file)}`, '', '| Code | Severity | Line | Message |', '| --- | --- | ---: | --- |');
    for (const d of diagnostics.filter((x) => x.span.file === file)) {
      const { line } = sources.range(d.span).start;
      out.push(`| [${d.code}](${ruleHelpUri(d.code)}) | ${SEVERITY_LABEL[d.severity]} | ${line} | ${cellText(d.message)} |`);
    }
    out.push('');
  }
  for (const { file, mermaid } of topologies) {
    out.push(`### Topology of ${codeText(file)}`, '', '```mermaid', mermaid.replace(/\n+$/, ''), '```', '');
  }
  return `${out.join('\n')}\n`;
}
