/**
 * The `lb` commands, with the process boundary passed in (`CliIo`) so they can be driven from tests.
 * Exit codes: 0 success, 1 findings at the failing level, 2 usage / unreadable input / IO failure / internal error.
 */
import { compile, normalizeDiagnostics, type CompileResult } from '../api/compile.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { basename } from '../util/path.ts';
import { parseArgs } from './args.ts';
import { runCheck } from './check-command.ts';
import { formatDiagnosticsText, formatSummary } from '../report/format-text.ts';
import { runFmt } from './fmt-command.ts';
import { runGraph } from './graph-command.ts';
import { runRun } from './run-command.ts';
import { helpText, usageText } from './help.ts';
import { compileOptions, EXIT_ERRORS, EXIT_OK, EXIT_USAGE, useColor, type CliIo } from './io.ts';
import { unreadableReason } from './node-fs.ts';
import { writeOutputs, type FileToWrite } from './output.ts';
import { SourceSet } from '../report/sources.ts';

export { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, type CliIo } from './io.ts';

export function runCli(argv: readonly string[], io: CliIo): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.stderr(`lb: ${parsed.message}\n\n${usageText(parsed.topic)}`);
    return EXIT_USAGE;
  }
  const invocation = parsed.invocation;
  try {
    switch (invocation.kind) {
      case 'help':
        io.stdout(helpText(invocation.topic));
        return EXIT_OK;
      case 'version':
        io.stdout(`${io.version}\n`);
        return EXIT_OK;
      case 'check':
        return runCheck(invocation, io);
      case 'graph':
        return runGraph(invocation.file, invocation.format, io);
      case 'fmt':
        return runFmt(invocation.argv, io);
      case 'run':
        // Long-running; only runCliAsync can wait for it.
        io.stderr("lb: internal error: 'run' must go through runCliAsync\n");
        return EXIT_USAGE;
      case 'compile':
        return runCompile(invocation.files, invocation.outDir, io);
    }
  } catch (error) {
    // A bug in lb, not in the user's file: say so plainly rather than pretend it is a diagnostic.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`lb: internal error (please report it): ${detail}\n`);
    return EXIT_USAGE;
  }
}

/** The entry point of the executable: every command, including the long-running `lb run`. */
export async function runCliAsync(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.ok && parsed.invocation.kind === 'run') return runRun(parsed.invocation.argv, io);
  return runCli(argv, io);
}

/** Reports every unreadable FILE; false when there is one. */
function inputsReadable(files: readonly string[], io: CliIo): boolean {
  let ok = true;
  for (const file of files) {
    const reason = unreadableReason(file);
    if (reason !== undefined) {
      io.stderr(`lb: cannot read '${file}': ${reason}\n`);
      ok = false;
    }
  }
  return ok;
}

interface Run {
  file: string;
  result: CompileResult;
}

/** Two FILEs importing the same file report its problems once. */
function compileAll(files: readonly string[], io: CliIo): { runs: Run[]; diagnostics: Diagnostic[]; sources: SourceSet } {
  const sources = new SourceSet();
  const runs = files.map((file) => ({ file, result: compile(file, compileOptions(io)) }));
  for (const { result } of runs) sources.add(result.files);
  return { runs, diagnostics: normalizeDiagnostics(runs.flatMap((r) => r.result.diagnostics)), sources };
}

function runCompile(files: readonly string[], outDir: string, io: CliIo): number {
  if (!inputsReadable(files, io)) return EXIT_USAGE;
  const prefixes = outputPrefixes(files);
  if (typeof prefixes === 'string') {
    io.stderr(`lb: ${prefixes}\n`);
    return EXIT_USAGE;
  }
  const { runs, diagnostics: sorted, sources } = compileAll(files, io);
  if (sorted.length > 0) {
    io.stderr(`${formatDiagnosticsText(sorted, sources, { color: useColor(io.stderrIsTTY, io.env) })}\n`);
  }

  const failed = runs.filter((r) => !r.result.ok);
  if (failed.length > 0) {
    const why = sorted.some((d) => d.severity === 'error')
      ? 'errors above'
      : 'an environment variable is not set and has no default (LB1014)';
    io.stderr(`${formatSummary(sorted, sources.fileCount)}\nlb: nothing written to ${outDir}: ${why}\n`);
    return EXIT_ERRORS;
  }

  const toWrite: FileToWrite[] = runs.flatMap((run, i) =>
    run.result.outputs.map((o) => ({ path: prefixes[i] + o.path, text: o.text, secret: o.secret })),
  );
  if (toWrite.length === 0) {
    io.stderr(`lb: the program declares nothing to generate; ${outDir} left unchanged\n`);
    return EXIT_OK;
  }
  const outcome = writeOutputs(outDir, toWrite);
  if (!outcome.ok) {
    io.stderr(`lb: ${outcome.message}\n`);
    return EXIT_USAGE;
  }
  if (sorted.length > 0) io.stderr(`${formatSummary(sorted, sources.fileCount)}\n`);
  for (const file of toWrite) io.stdout(`${outDir.replace(/\/+$/, '')}/${file.path}\n`);
  return EXIT_OK;
}

/** One FILE writes straight into DIR; several each get DIR/<name>/ (their outputs would otherwise collide). */
function outputPrefixes(files: readonly string[]): string[] | string {
  if (files.length === 1) return [''];
  const names = files.map((f) => basename(f.replace(/\\/g, '/'), '.lb'));
  for (let i = 0; i < names.length; i++) {
    const j = names.indexOf(names[i]);
    if (j !== i) return `'${files[j]}' and '${files[i]}' would both write to ${names[i]}/; compile them separately`;
  }
  return names.map((n) => `${n}/`);
}
