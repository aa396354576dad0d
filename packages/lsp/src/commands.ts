/**
 * workspace/executeCommand:
 *   lb.compile URI  write the outputs into `out/` next to the file, like `lb compile -o out` (real secrets, 0600);
 *   lb.preview URI  every generated file's text and source map, secrets shown as <secret>;
 *   lb.run URI      until issue 5: compile, and validate each haproxy.cfg with `haproxy -c` when haproxy is installed;
 *   lb.stop URI     nothing runs yet, so nothing to stop.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compile, mapToolMessages, type Diagnostic, type OutputFile } from '@lb/dsl';
import { writeOutputs } from '@lb/dsl/node';
import type { Location } from 'vscode-languageserver';
import { Sources, toLspDiagnostic } from './convert.ts';
import { shownOutputs } from './outputs.ts';
import type { Analysis, Workspace } from './workspace.ts';

export const COMMANDS = { compile: 'lb.compile', preview: 'lb.preview', run: 'lb.run', stop: 'lb.stop' } as const;
export const COMMAND_LIST = Object.values(COMMANDS);

export interface CommandOptions {
  /** Where haproxy is (a setting of the client), else looked up on PATH and in /usr/sbin. */
  haproxyPath?: string;
}

export async function executeCommand(workspace: Workspace, command: string, args: unknown[], options: CommandOptions): Promise<unknown> {
  const uri = typeof args[0] === 'string' ? args[0] : undefined;
  // A file that other files import is compiled, previewed and validated as part of its entry, as it is checked.
  const analysis = uri ? workspace.analyzeForDiagnostics(uri) : undefined;
  if (command === COMMANDS.stop) return { stopped: false, message: 'Nothing is running: lb.run only validates the configuration for now.' };
  if (!analysis) return { ok: false, message: `Open the .lb file first (got ${JSON.stringify(uri)}).` };
  const entry = analysis.uri === uri ? {} : { entry: analysis.path };
  switch (command) {
    case COMMANDS.compile:
      return { ...compileToDisk(workspace, analysis), ...entry };
    case COMMANDS.preview:
      return { ...preview(analysis), ...entry };
    case COMMANDS.run:
      return { ...(await validate(analysis, options)), ...entry };
    default:
      return { ok: false, message: `Unknown command ${command}.` };
  }
}

function diagnosticsOf(list: readonly Diagnostic[], sources: Sources) {
  return list.map((d) => ({ ...toLspDiagnostic(d, sources), uri: sources.location(d.span).uri }));
}

function compileToDisk(workspace: Workspace, analysis: Analysis) {
  const result = compile(analysis.path, { fs: workspace.fs, env: workspace.env });
  const sources = new Sources(result.files);
  const outDir = join(dirname(analysis.path), 'out');
  if (!result.ok) {
    return { ok: false, outDir, written: [], diagnostics: diagnosticsOf(result.diagnostics, sources), message: 'Not compiled: fix the errors first.' };
  }
  const written = writeOutputs(outDir, result.outputs.map((o) => ({ path: o.path, text: o.text, secret: o.secret })));
  if (!written.ok) return { ok: false, outDir, written: [], diagnostics: diagnosticsOf(result.diagnostics, sources), message: written.message };
  return { ok: true, outDir, written: written.written, diagnostics: diagnosticsOf(result.diagnostics, sources) };
}

export interface PreviewFile {
  path: string;
  target: OutputFile['target'];
  host?: string;
  text: string;
  /** One entry per line of `text`: the .lb location it came from, or null. */
  map: (Location | null)[];
}

function preview(analysis: Analysis) {
  const shown = shownOutputs(analysis);
  const files: PreviewFile[] = shown.outputs.map((o) => ({
    path: o.path,
    target: o.target,
    ...(o.host !== undefined ? { host: o.host } : {}),
    text: o.text,
    map: o.map.map((span) => (span && analysis.sources.text(span.file) !== undefined ? analysis.sources.location(span) : null)),
  }));
  return { ok: shown.ok, version: analysis.version, files, diagnostics: diagnosticsOf(shown.diagnostics, analysis.sources) };
}

function findHaproxy(configured?: string): string | undefined {
  const candidates = [configured, ...(process.env.PATH ?? '').split(':').map((d) => join(d, 'haproxy')), '/usr/sbin/haproxy', '/usr/local/sbin/haproxy'];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

/** `haproxy -c` on each generated haproxy.cfg (secrets masked: validation never needs them on disk). */
async function validate(analysis: Analysis, options: CommandOptions) {
  const shown = shownOutputs(analysis);
  const diagnostics = diagnosticsOf(shown.diagnostics, analysis.sources);
  if (!shown.ok) return { ok: false, running: false, validated: [], diagnostics, message: 'Not run: fix the errors first.' };
  const haproxy = findHaproxy(options.haproxyPath);
  const configs = shown.outputs.filter((o) => o.target === 'haproxy');
  if (!haproxy) {
    return { ok: true, running: false, validated: [], diagnostics, message: 'Compiled; haproxy is not installed, so the configuration was not validated.' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'lb-run-'));
  try {
    const validated = [];
    for (const file of configs) {
      const written = writeOutputs(dir, [{ path: file.path, text: file.text, secret: file.secret }]);
      if (!written.ok) {
        validated.push({ path: file.path, ok: false, output: written.message, messages: [] });
        continue;
      }
      const { code, output } = await run(haproxy, ['-c', '-f', join(dir, ...file.path.split('/'))]);
      const messages = mapToolMessages(output, file).map((m) => ({
        severity: m.severity,
        line: m.line,
        message: m.message,
        location: m.span && analysis.sources.text(m.span.file) !== undefined ? analysis.sources.location(m.span) : null,
      }));
      validated.push({ path: file.path, ok: code === 0, output: output.split(dir).join('<out>').trim(), messages });
    }
    return {
      ok: validated.every((v) => v.ok),
      running: false,
      validated,
      diagnostics,
      message: 'Validated with haproxy -c; running the load balancer arrives with issue 5.',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(program: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 15_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}
