/**
 * `lb graph FILE [--format mermaid|dot|svg]`: the topology of one file. Mermaid and DOT come from the graph
 * module; SVG pipes the DOT through Graphviz (`dot -Tsvg`), which must be installed. A file with errors is still
 * drawn (an undeclared backend shows as a red node, which is what a reviewer wants to see), but its errors go to
 * stderr and the exit status is 1, as for `lb check`.
 */
import { spawnSync } from 'node:child_process';
import { check } from '../api/compile.ts';
import type { GraphFormat } from './args.ts';
import { formatDiagnosticsText, formatSummary } from '../report/format-text.ts';
import { compileOptions, EXIT_ERRORS, EXIT_OK, EXIT_USAGE, useColor, type CliIo } from './io.ts';
import { unreadableReason } from './node-fs.ts';
import { SourceSet } from '../report/sources.ts';
import { graphDot, graphMermaid } from '../report/topology.ts';

export const GRAPHVIZ_INSTALL = 'apt-get install graphviz';

export type SvgOutcome = { ok: true; svg: string } | { ok: false; message: string };

/** Renders DOT with Graphviz's `dot` (looked up on PATH). */
export function renderSvg(dot: string, command = 'dot'): SvgOutcome {
  const r = spawnSync(command, ['-Tsvg'], { input: dot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) {
    const code = (r.error as { code?: string }).code;
    if (code === 'ENOENT') {
      return { ok: false, message: `--format svg needs Graphviz ('${command}' is not installed); install it with: ${GRAPHVIZ_INSTALL}` };
    }
    return { ok: false, message: `cannot run '${command}': ${r.error.message}` };
  }
  if (r.status !== 0) return { ok: false, message: `'${command} -Tsvg' failed (exit ${r.status}): ${r.stderr.trim()}` };
  return { ok: true, svg: r.stdout };
}

export function runGraph(file: string, format: GraphFormat, io: CliIo): number {
  const reason = unreadableReason(file);
  if (reason !== undefined) {
    io.stderr(`lb: cannot read '${file}': ${reason}\n`);
    return EXIT_USAGE;
  }
  const result = check(file, compileOptions(io));
  let picture: string;
  if (format === 'mermaid') picture = graphMermaid(result.model);
  else if (format === 'dot') picture = graphDot(result.model);
  else {
    const svg = renderSvg(graphDot(result.model));
    if (!svg.ok) {
      io.stderr(`lb: ${svg.message}\n`);
      return EXIT_USAGE;
    }
    picture = svg.svg;
  }
  io.stdout(picture);

  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return EXIT_OK;
  const sources = new SourceSet();
  sources.add(result.files);
  const text = formatDiagnosticsText(errors, sources, { color: useColor(io.stderrIsTTY, io.env) });
  io.stderr(`${text}\n${formatSummary(errors, sources.fileCount)}\nlb: the graph above shows a program with errors\n`);
  return EXIT_ERRORS;
}
