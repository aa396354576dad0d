/**
 * `lb check FILE|DIR... [--format text|json|sarif|github] [--max-warnings N]`.
 * Each file is compiled on its own (without writing) so that emitter-level problems (LB5xxx) show up too: a clean
 * check means compile will succeed. A file imported by another checked file is still checked as an entry of its
 * own; a finding reached from both is reported once.
 */
import { check, compile, normalizeDiagnostics } from '../api/compile.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { OutputFormat } from './args.ts';
import { formatGithub } from '../report/format-github.ts';
import { formatJson } from '../report/format-json.ts';
import { formatSarif } from '../report/format-sarif.ts';
import { formatDiagnosticsText, formatSummary } from '../report/format-text.ts';
import { expandInputs } from './inputs.ts';
import { compileOptions, EXIT_ERRORS, EXIT_OK, EXIT_USAGE, useColor, type CliIo } from './io.ts';
import { formatJobSummary, type Topology } from '../report/job-summary.ts';
import { appendText } from './node-fs.ts';
import { SourceSet } from '../report/sources.ts';
import { topologyMermaid } from '../report/topology.ts';

export interface CheckRequest {
  files: string[];
  format: OutputFormat;
  maxWarnings?: number;
}

export interface Checked {
  diagnostics: Diagnostic[];
  sources: SourceSet;
}

export function checkFiles(files: readonly string[], io: CliIo): Checked {
  const sources = new SourceSet();
  const results = files.map((file) => compile(file, compileOptions(io)));
  for (const result of results) sources.add(result.files);
  return { diagnostics: normalizeDiagnostics(results.flatMap((r) => r.diagnostics)), sources };
}

/** 1 when there is an error, or more warnings than `maxWarnings` allows; infos never fail. */
export function exitCodeFor(diagnostics: readonly Diagnostic[], maxWarnings?: number): number {
  if (diagnostics.some((d) => d.severity === 'error')) return EXIT_ERRORS;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return maxWarnings !== undefined && warnings > maxWarnings ? EXIT_ERRORS : EXIT_OK;
}

function tooManyWarnings(diagnostics: readonly Diagnostic[], maxWarnings?: number): string | undefined {
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (maxWarnings === undefined || warnings <= maxWarnings) return undefined;
  return `lb: ${warnings} warning${warnings === 1 ? '' : 's'}, more than --max-warnings ${maxWarnings} allows`;
}

export function runCheck(request: CheckRequest, io: CliIo): number {
  const inputs = expandInputs(request.files);
  if (!inputs.ok) {
    for (const problem of inputs.problems) io.stderr(`lb: ${problem}\n`);
    return EXIT_USAGE;
  }
  const { diagnostics, sources } = checkFiles(inputs.files, io);
  const summary = formatSummary(diagnostics, sources.fileCount);
  const over = tooManyWarnings(diagnostics, request.maxWarnings);

  switch (request.format) {
    case 'json':
      io.stdout(formatJson(diagnostics, sources));
      break;
    case 'sarif':
      io.stdout(formatSarif(diagnostics, sources, io.version));
      break;
    case 'github':
      io.stdout(`${formatGithub(diagnostics, sources)}${summary}\n`);
      if (over !== undefined) io.stdout(`::error title=lb check::${over.replace(/^lb: /, '')}\n`);
      break;
    case 'text': {
      const body = formatDiagnosticsText(diagnostics, sources, { color: useColor(io.stdoutIsTTY, io.env) });
      io.stdout(`${body}${body === '' ? '' : '\n'}${summary}\n`);
      break;
    }
  }
  // Machine formats keep stdout parseable: the --max-warnings verdict goes to stderr.
  if (over !== undefined && request.format !== 'github') io.stderr(`${over}\n`);

  const summaryPath = io.env.GITHUB_STEP_SUMMARY;
  if (request.format === 'github' && summaryPath) {
    const topologies = inputs.files.flatMap((file): Topology[] => {
      const mermaid = topologyMermaid(check(file, compileOptions(io)).model);
      return mermaid === undefined ? [] : [{ file, mermaid }];
    });
    const written = appendText(summaryPath, formatJobSummary(diagnostics, sources, topologies));
    if (written !== undefined) {
      io.stderr(`lb: cannot write the job summary to '${summaryPath}' (GITHUB_STEP_SUMMARY): ${written}\n`);
      return EXIT_USAGE;
    }
  }
  return exitCodeFor(diagnostics, request.maxWarnings);
}
