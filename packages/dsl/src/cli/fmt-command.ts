/**
 * `lb fmt [--check | --write] FILE|DIR...`: the canonical layout of .lb files (docs/formatting.md).
 *   lb fmt FILE            prints the formatted text of FILE
 *   lb fmt --check ...     writes nothing; prints a unified diff for each file that is not formatted; exit 1 if any
 *   lb fmt --write ...     rewrites the files that are not formatted, atomically, keeping their mode
 * A file with syntax errors is never formatted: its diagnostics are printed and the exit status is 2.
 * `argv` is what follows `fmt` on the command line.
 */
import { chmodSync, chownSync, closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { format, unifiedDiff } from '../format/index.ts';
import { formatDiagnosticsText, formatSummary } from '../report/format-text.ts';
import { expandInputs } from './inputs.ts';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, useColor, type CliIo } from './io.ts';
import { SourceSet } from '../report/sources.ts';

export const FMT_HELP = `Usage: lb fmt [--check | --write] FILE|DIR...

Formats .lb files in the one canonical layout (docs/formatting.md): 2-space indentation, one statement
per line, aligned directive arguments, comments kept where they were. Only whitespace changes. A DIR
stands for every *.lb file below it (sorted; node_modules and directories starting with '.' are
skipped). A file with syntax errors is not formatted: its errors are printed instead.

  lb fmt FILE          print the formatted text of FILE
  --check              write nothing; print a unified diff of every file that is not formatted
  --write              rewrite the files that are not formatted (atomically, keeping their mode)
  -h, --help           show this help

Exit status: 0 formatted (with --check: every file already is); 1 with --check, some files are not
formatted; 2 bad usage, a FILE or DIR that cannot be read or written, or a file with syntax errors.
`;

type Mode = 'print' | 'check' | 'write';

type FmtArgs = { ok: true; mode: Mode; paths: string[] } | { ok: false; message: string } | { ok: true; help: true };

function parseFmtArgs(argv: readonly string[]): FmtArgs {
  let mode: Mode = 'print';
  const paths: string[] = [];
  let onlyPaths = false;
  for (const arg of argv) {
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      paths.push(arg);
    } else if (arg === '--') {
      onlyPaths = true;
    } else if (arg === '-h' || arg === '--help') {
      return { ok: true, help: true };
    } else if (arg === '--check' || arg === '--write') {
      const wanted: Mode = arg === '--check' ? 'check' : 'write';
      if (mode !== 'print' && mode !== wanted) return { ok: false, message: "'--check' and '--write' cannot be used together" };
      mode = wanted;
    } else {
      return { ok: false, message: `unknown option '${arg}' for 'fmt' (known: --check, --write, --help)` };
    }
  }
  if (paths.length === 0) return { ok: false, message: "'fmt' needs at least one .lb file or directory" };
  return { ok: true, mode, paths };
}

const BOM = '\uFEFF';

interface Loaded {
  text: string;
  /** The file started with a byte-order mark, which is put back when it is rewritten. */
  bom: boolean;
}

function load(path: string): Loaded | string {
  try {
    const raw = readFileSync(path, 'utf8');
    return raw.startsWith(BOM) ? { text: raw.slice(1), bom: true } : { text: raw, bom: false };
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

/**
 * Replaces the file's content through a temporary file in the same directory and a rename, so that a reader
 * (or a crash) never sees half a file. Symlinks are followed; mode and, where allowed, owner are kept.
 */
export function writeFileAtomically(path: string, text: string): string | undefined {
  let temp: string | undefined;
  try {
    const target = realpathSync(path);
    const stat = statSync(target);
    const mode = stat.mode & 0o7777;
    temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Math.random().toString(16).slice(2, 10)}.tmp`);
    const fd = openSync(temp, 'wx', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temp, mode); // the umask may have narrowed it
    try {
      chownSync(temp, stat.uid, stat.gid);
    } catch {
      // Only root may give a file away; an ordinary user's rewrite keeps the user as owner.
    }
    renameSync(temp, target);
    return undefined;
  } catch (error) {
    if (temp !== undefined) rmSync(temp, { force: true });
    return error instanceof Error ? error.message : String(error);
  }
}

function reportSyntaxErrors(file: string, text: string, diagnostics: Diagnostic[], io: CliIo): void {
  const sources = new SourceSet();
  sources.add(new Map([[file, text]]));
  const body = formatDiagnosticsText(diagnostics, sources, { color: useColor(io.stderrIsTTY, io.env) });
  io.stderr(`${body}\n${formatSummary(diagnostics, 1)}\nlb: '${file}' not formatted: fix the errors above first\n`);
}

export function runFmt(argv: readonly string[], io: CliIo): number {
  const args = parseFmtArgs(argv);
  if (!args.ok) {
    io.stderr(`lb: ${args.message}\n\n${FMT_HELP}`);
    return EXIT_USAGE;
  }
  if ('help' in args) {
    io.stdout(FMT_HELP);
    return EXIT_OK;
  }
  const inputs = expandInputs(args.paths);
  if (!inputs.ok) {
    for (const problem of inputs.problems) io.stderr(`lb: ${problem}\n`);
    return EXIT_USAGE;
  }
  if (args.mode === 'print' && inputs.files.length !== 1) {
    io.stderr(`lb: 'fmt' without --check or --write prints one file, got ${inputs.files.length}; use --check or --write for several\n`);
    return EXIT_USAGE;
  }

  let failed = false;
  const unformatted: string[] = [];
  for (const file of inputs.files) {
    const loaded = load(file);
    if (typeof loaded === 'string') {
      io.stderr(`lb: cannot read '${file}': ${loaded}\n`);
      failed = true;
      continue;
    }
    const result = format(loaded.text, file);
    if (result.diagnostics.length > 0) {
      reportSyntaxErrors(file, loaded.text, result.diagnostics, io);
      failed = true;
      continue;
    }
    if (args.mode === 'print') {
      io.stdout(result.text);
      continue;
    }
    if (!result.changed) continue;
    unformatted.push(file);
    if (args.mode === 'check') {
      io.stdout(unifiedDiff(loaded.text, result.text, `${file}\t(original)`, `${file}\t(formatted)`));
      continue;
    }
    const problem = writeFileAtomically(file, (loaded.bom ? BOM : '') + result.text);
    if (problem !== undefined) {
      io.stderr(`lb: cannot write '${file}': ${problem}\n`);
      failed = true;
      continue;
    }
    io.stdout(`${file}\n`);
  }

  if (args.mode === 'check' && unformatted.length > 0) {
    const count = unformatted.length === 1 ? '1 file is' : `${unformatted.length} files are`;
    io.stderr(`lb: ${count} not formatted: ${unformatted.join(', ')}\nlb: run 'lb fmt --write' on ${unformatted.length === 1 ? 'it' : 'them'}\n`);
  }
  if (failed) return EXIT_USAGE;
  return args.mode === 'check' && unformatted.length > 0 ? EXIT_ERRORS : EXIT_OK;
}
