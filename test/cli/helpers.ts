/**
 * Shared by the CLI and Deno tests: builds the bundles when they are missing or older than the sources
 * (`npm test` builds first anyway), runs them, and snapshots output directories.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DSL = join(ROOT, 'packages/dsl');
export const LB_CJS = join(DSL, 'dist/lb.cjs');
export const LB_MJS = join(DSL, 'dist/lb.mjs');
export const DENO = join(ROOT, 'node_modules/.bin/deno');
export const EXAMPLES = ['case1-roundrobin', 'case2-ha-kubernetes', 'case3-node-servers'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

let built = false;
export function ensureBuilt(): void {
  if (built) return;
  const sourcesTime = Math.max(newestMtime(join(DSL, 'src')), newestMtime(join(DSL, 'build.mjs')), newestMtime(join(DSL, 'package.json')));
  const stale = [LB_CJS, LB_MJS].some((f) => !existsSync(f) || statSync(f).mtimeMs < sourcesTime);
  if (stale) execFileSync(process.execPath, [join(DSL, 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A small fixed environment, so tests do not depend on the caller's (NO_COLOR, STATS_PASSWORD...). */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...extra };
}

/** Runs the Node bundle (`node dist/lb.cjs ARGS`) in the repository root. */
export function lb(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): RunResult {
  ensureBuilt();
  const r = spawnSync(process.execPath, [LB_CJS, ...args], { cwd: options.cwd ?? ROOT, env: options.env ?? baseEnv(), encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the ESM bundle under Deno with the permissions the README documents. */
export function lbDeno(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): RunResult {
  ensureBuilt();
  const r = spawnSync(DENO, ['run', '--allow-read', '--allow-write', '--allow-env', LB_MJS, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...(options.env ?? baseEnv()), NO_COLOR: '1' },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the system temp dir, removed when the test process exits. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `lb-${label}-`));
  tempDirs.push(dir);
  return dir;
}

export interface FileSnapshot {
  mode: number;
  content: string;
}

/** Every file and directory under `dir` (relative '/'-separated path, directories ending in '/', -> permission bits
 *  and bytes as latin1), to prove that a directory did not change at all. */
export function snapshot(dir: string): Record<string, FileSnapshot> {
  const out: Record<string, FileSnapshot> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = statSync(path);
      const key = relative(dir, path).split('\\').join('/');
      if (stat.isDirectory()) {
        out[`${key}/`] = { mode: stat.mode & 0o777, content: '' };
        walk(path);
      } else out[key] = { mode: stat.mode & 0o777, content: readFileSync(path, 'latin1') };
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export function listFiles(dir: string): string[] {
  return Object.keys(snapshot(dir)).filter((p) => !p.endsWith('/')).sort();
}
