/** `dot -Tsvg` on DOT text: the real Graphviz parser. Skipped (available() false) where Graphviz is not installed. */
import { spawnSync } from 'node:child_process';

export function graphvizAvailable(): boolean {
  return spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
}

export function renderSvg(text: string): { ok: boolean; output: string; svg: string } {
  const r = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  // Graphviz prints syntax errors and warnings on stderr; a warning (e.g. an unknown attribute) is a failure too.
  const ok = r.status === 0 && (r.stderr ?? '').trim() === '';
  return { ok, output: `${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`, svg: r.stdout ?? '' };
}
