/**
 * The `lb` commands, with the process boundary passed in (`CliIo`) so they can be driven from tests.
 * Exit codes: 0 success, 1 the .lb files have errors, 2 usage / unreadable input / IO failure / internal error.
 */
import { compile, normalizeDiagnostics, type CompileResult } from '../api/compile.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { basename } from '../util/path.ts';
import { parseArgs } from './args.ts';
import { formatJson } from './format-json.ts';
import { formatDiagnosticsText, formatSummary } from './format-text.ts';
import { helpText, usageText } from './help.ts';
import { nodeFileSystem, unreadableReason } from './node-fs.ts';
import { writeOutputs, type FileToWrite } from './output.ts';
import { SourceSet } from './sources.ts';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  version: string;
}

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

/** https://no-color.org: any non-empty NO_COLOR turns colour off; so does a dumb terminal. */
function useColor(isTTY: boolean, env: CliIo['env']): boolean {
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

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
        return runCheck(invocation.files, invocation.format, io);
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

/** `lb check` uses compile() without writing, so that emitter-level problems (LB5xxx) show up there too:
 *  a clean check means compile will succeed. Two FILEs importing the same file report its problems once. */
function compileAll(files: readonly string[], io: CliIo): { runs: Run[]; diagnostics: Diagnostic[]; sources: SourceSet } {
  const sources = new SourceSet();
  const runs = files.map((file) => ({ file, result: compile(file, { fs: nodeFileSystem, env: io.env }) }));
  for (const { result } of runs) sources.add(result.files);
  return { runs, diagnostics: normalizeDiagnostics(runs.flatMap((r) => r.result.diagnostics)), sources };
}

function runCheck(files: readonly string[], format: 'text' | 'json', io: CliIo): number {
  if (!inputsReadable(files, io)) return EXIT_USAGE;
  const { diagnostics: sorted, sources } = compileAll(files, io);
  if (format === 'json') {
    io.stdout(formatJson(sorted, sources));
  } else {
    const body = formatDiagnosticsText(sorted, sources, { color: useColor(io.stdoutIsTTY, io.env) });
    io.stdout(`${body}${body === '' ? '' : '\n'}${formatSummary(sorted, sources.fileCount)}\n`);
  }
  return sorted.some((d) => d.severity === 'error') ? EXIT_ERRORS : EXIT_OK;
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
