/**
 * The compile step shared by the single-host run and the HA pair: compile once, print what the user should see
 * (everything but infos, with code frames), and keep the model so nothing evaluates the program a second time.
 */
import { compile, type CompileResult } from '../../api/compile.ts';
import { formatDiagnosticsText } from '../../report/format-text.ts';
import { nodeFileSystem } from '../../cli/node-fs.ts';
import { SourceSet } from '../../report/sources.ts';

export interface CompiledForRun {
  result: CompileResult;
  sources: SourceSet;
}

export function compileForRun(
  file: string,
  io: { env: Record<string, string | undefined>; err: (text: string) => void; color: boolean },
): CompiledForRun {
  const result = compile(file, { fs: nodeFileSystem, env: io.env });
  const sources = new SourceSet();
  sources.add(result.files);
  const shown = result.diagnostics.filter((d) => d.severity !== 'info');
  if (shown.length > 0) io.err(`${formatDiagnosticsText(shown, sources, { color: io.color })}\n`);
  if (!result.ok && !shown.some((d) => d.severity === 'error')) {
    io.err('lb run: an environment variable is not set and has no default (LB1014).\n');
  }
  return { result, sources };
}
