/** Temp projects on disk for the import graph tests, and a reader like the server's (undefined when missing). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempTree {
  dir: string;
  path(relative: string): string;
  write(relative: string, text: string): string;
  remove(relative: string): void;
  cleanup(): void;
}

export function tempTree(files: Record<string, string> = {}): TempTree {
  const dir = mkdtempSync(join(tmpdir(), 'lb-import-graph-'));
  const tree: TempTree = {
    dir,
    path: (relative) => join(dir, relative),
    write(relative, text) {
      const path = join(dir, relative);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    remove: (relative) => rmSync(join(dir, relative), { force: true }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(files)) tree.write(name, text);
  return tree;
}

/** Runs a test body on a temp tree and removes the tree afterwards, whether the body passed or threw. */
export function withTree(files: Record<string, string>, body: (tree: TempTree) => void): void {
  const tree = tempTree(files);
  try {
    body(tree);
  } finally {
    tree.cleanup();
  }
}

export function readDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
