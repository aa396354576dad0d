/**
 * Finds the `lb.json` that governs a file: the nearest one in the file's directory or above, through the
 * FileSystem interface (pure: it only tries to read candidate paths).
 */
import type { FileSystem } from '../api/host.ts';
import { dirname, normalize } from '../util/path.ts';
import { PROJECT_CONFIG_NAME } from './project-config.ts';

export interface FoundProjectConfig {
  path: string;
  text: string;
}

/**
 * The nearest `lb.json` from `file`'s directory up to the root. For a relative `file` the search stops at the
 * current directory unless `cwd` (absolute) says how many directories lie above it.
 */
export function findProjectConfig(file: string, fs: FileSystem, cwd?: string): FoundProjectConfig | undefined {
  for (const path of candidatePaths(file, cwd)) {
    const text = fs.readFile(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

/** `a/b/lb.json`, `a/lb.json`, `lb.json`, then `../lb.json`... as far as `cwd` allows; `/x/lb.json`, `/lb.json`. */
export function candidatePaths(file: string, cwd?: string): string[] {
  const aboveCwd = cwd && cwd.startsWith('/') ? normalize(cwd).split('/').filter(Boolean).length : 0;
  const paths: string[] = [];
  let dir = dirname(normalize(file));
  for (;;) {
    paths.push(dir === '.' ? PROJECT_CONFIG_NAME : dir === '/' ? `/${PROJECT_CONFIG_NAME}` : `${dir}/${PROJECT_CONFIG_NAME}`);
    if (dir === '/') break;
    const parent = normalize(`${dir}/..`);
    if (leadingParents(parent) > aboveCwd) break;
    dir = parent;
  }
  return paths;
}

function leadingParents(path: string): number {
  let n = 0;
  for (const part of path.split('/')) {
    if (part !== '..') break;
    n++;
  }
  return n;
}
