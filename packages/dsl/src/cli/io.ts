/** The process boundary of the `lb` commands, passed in so that they can be driven from tests. */
import type { CompileOptions } from '../api/host.ts';
import { nodeFileSystem } from './node-fs.ts';

export interface CliIo {
  env: Record<string, string | undefined>;
  /** Absolute working directory: lets the search for `lb.json` continue above it. */
  cwd?: string;
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  version: string;
}

export const EXIT_OK = 0;
/** The .lb files have findings at the failing level (an error, or more warnings than --max-warnings allows). */
export const EXIT_ERRORS = 1;
/** Bad usage, unreadable input, a write failure or an internal error. */
export const EXIT_USAGE = 2;

/** https://no-color.org: any non-empty NO_COLOR turns colour off; so does a dumb terminal. */
export function useColor(isTTY: boolean, env: CliIo['env']): boolean {
  return isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** How every command reads its files: from disk, with the process environment for `env(...)`. */
export function compileOptions(io: CliIo): CompileOptions {
  return { fs: nodeFileSystem, env: io.env, ...(io.cwd === undefined ? {} : { cwd: io.cwd }) };
}
