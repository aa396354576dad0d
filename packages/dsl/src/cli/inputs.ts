/**
 * Turns the FILE|DIR arguments of `lb check` into the list of .lb files to check: a file is taken as given (any
 * name); a directory contributes every `*.lb` below it, sorted, skipping `node_modules` and dot-directories (`.git`,
 * `.venv`...) because they hold other people's files. Paths keep the spelling of the argument so that what lb
 * prints matches what the user typed (`examples/` gives `examples/case1-roundrobin.lb`).
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { unreadableReason } from './node-fs.ts';

export type InputOutcome = { ok: true; files: string[] } | { ok: false; problems: string[] };

function joinPath(dir: string, name: string): string {
  if (dir === '.' || dir === './') return name;
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** Code-unit order, not locale order: the same on every machine. */
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `seen`: real paths of the directories already walked, so a symlink back up the tree cannot loop forever. */
function lbFilesUnder(dir: string, problems: string[], seen = new Set<string>()): string[] {
  try {
    const real = realpathSync(dir);
    if (seen.has(real)) return [];
    seen.add(real);
  } catch {
    // Unreadable: reported just below by readdirSync.
  }
  let names: string[];
  try {
    names = readdirSync(dir).sort(byCodeUnit);
  } catch (error) {
    problems.push(`cannot read directory '${dir}': ${(error as { code?: string }).code ?? String(error)}`);
    return [];
  }
  const found: string[] = [];
  for (const name of names) {
    const path = joinPath(dir, name);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      continue; // A dangling symlink or a file removed meanwhile: nothing to check.
    }
    if (isDirectory) {
      if (name !== 'node_modules' && !name.startsWith('.')) found.push(...lbFilesUnder(path, problems, seen));
    } else if (name.endsWith('.lb')) {
      found.push(path);
    }
  }
  return found;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Every file to check, in argument order (a directory's files sorted), each once. */
export function expandInputs(args: readonly string[]): InputOutcome {
  const problems: string[] = [];
  const files: string[] = [];
  for (const arg of args) {
    if (isDirectory(arg)) {
      const found = lbFilesUnder(arg, problems);
      if (found.length === 0) problems.push(`no .lb files in directory '${arg}'`);
      files.push(...found);
      continue;
    }
    const reason = unreadableReason(arg);
    if (reason !== undefined) problems.push(`cannot read '${arg}': ${reason}`);
    else files.push(arg);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, files: [...new Set(files)] };
}
