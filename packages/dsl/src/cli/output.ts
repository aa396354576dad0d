/**
 * Writes a compile's files into the output directory as close to all-or-nothing as a file system allows:
 * every file is first written (and synced) to a temporary file beside its destination; only when all of them
 * exist is each renamed into place (rename is atomic per file). On an error before that point the temporary
 * files and any directory created for them are removed, so the directory is left as it was.
 * Files holding a secret are created 0600 from the start; the others end up 0644 whatever the umask.
 */
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';

export interface FileToWrite {
  /** Relative, '/'-separated path inside the output directory. */
  path: string;
  text: string;
  secret: boolean;
}

export type WriteOutcome = { ok: true; written: string[] } | { ok: false; message: string };

export const SECRET_FILE_MODE = 0o600;
export const PUBLIC_FILE_MODE = 0o644;

function isInside(path: string): boolean {
  const normal = posix.normalize(path);
  return path !== '' && !posix.isAbsolute(path) && normal !== '..' && !normal.startsWith('../') && !path.includes('\\');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function writeOutputs(outDir: string, files: readonly FileToWrite[]): WriteOutcome {
  for (const file of files) {
    if (!isInside(file.path)) return { ok: false, message: `refusing to write '${file.path}': not a path inside ${outDir}` };
  }
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) return { ok: false, message: `two outputs would be written to the same file '${file.path}'` };
    seen.add(file.path);
  }

  const createdDirs: string[] = [];
  const pending: { temp: string; target: string }[] = [];
  const tag = `${process.pid}.${Math.random().toString(16).slice(2, 10)}`;

  const ensureDir = (dir: string): void => {
    const absolute = resolve(dir);
    const first = mkdirSync(absolute, { recursive: true });
    if (first === undefined) return;
    // Record every level that did not exist (outermost first) to undo them on failure.
    const levels: string[] = [];
    for (let d = absolute; ; d = dirname(d)) {
      levels.unshift(d);
      if (d === first || dirname(d) === d) break;
    }
    createdDirs.push(...levels);
  };

  try {
    ensureDir(outDir);
    for (const file of files) {
      const target = join(outDir, ...file.path.split('/'));
      ensureDir(dirname(target));
      const temp = join(dirname(target), `.${posix.basename(file.path)}.${tag}.tmp`);
      const mode = file.secret ? SECRET_FILE_MODE : PUBLIC_FILE_MODE;
      const fd = openSync(temp, 'wx', mode);
      pending.push({ temp, target });
      try {
        writeSync(fd, file.text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      chmodSync(temp, mode);
    }
  } catch (error) {
    undo(pending, createdDirs);
    return { ok: false, message: `cannot write to ${outDir}: ${describe(error)}` };
  }

  const written: string[] = [];
  for (let i = 0; i < pending.length; i++) {
    try {
      renameSync(pending[i].temp, pending[i].target);
      written.push(pending[i].target);
    } catch (error) {
      undo(pending.slice(i), []);
      const note = written.length > 0 ? ` (${written.length} file(s) were already replaced: ${written.join(', ')})` : '';
      return { ok: false, message: `cannot move ${pending[i].target} into place: ${describe(error)}${note}` };
    }
  }
  return { ok: true, written };
}

function undo(pending: readonly { temp: string }[], createdDirs: readonly string[]): void {
  for (const { temp } of pending) rmSync(temp, { force: true });
  for (const dir of [...createdDirs].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty or already gone: leave it.
    }
  }
}
