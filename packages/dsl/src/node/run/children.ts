/**
 * Every process and temporary directory a run creates, so that nothing outlives it: `stopAll()` stops them politely
 * (SIGTERM, then SIGKILL after a grace period), and a process `exit` hook kills whatever is left and removes the
 * directories, also when lb itself fails.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, onProcessExit } from './lifetime.ts';

/** Every child carries LB_RUN_DIR=<its run's directory>, so a later run can recognise it (and only it) as ours. */
const MARKER = 'LB_RUN_DIR';

export class Children {
  private readonly processes = new Set<ChildProcess>();
  private readonly dirs = new Set<string>();
  /** Every pid ever started here, exited or not (to check that none is left). */
  readonly started: number[] = [];

  private runDir?: string;
  private readonly releaseExitHook = onProcessExit(() => this.killNow());

  /** The run's directory: records lb's pid and every child's, for `reapStaleRuns` after a crash of lb. */
  markRun(dir: string): void {
    this.runDir = dir;
    writeFileSync(join(dir, 'owner'), String(process.pid));
  }

  /** Spawns in its own process group (`detached`), so that a shell command's children are stopped with it. */
  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const env = this.runDir === undefined ? options.env : { ...(options.env ?? process.env), [MARKER]: this.runDir };
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, env, detached: true });
    this.processes.add(child);
    if (child.pid !== undefined) {
      this.started.push(child.pid);
      if (this.runDir !== undefined) appendFileSync(join(this.runDir, 'pids'), `${child.pid}\n`);
    }
    child.on('exit', () => this.processes.delete(child));
    child.on('error', () => this.processes.delete(child));
    return child;
  }

  tempDir(path: string): string {
    this.dirs.add(path);
    return path;
  }

  get pids(): number[] {
    return [...this.processes].flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
  }

  /** Stops one child: SIGTERM to its group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      signalGroup(child, signal);
    });
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.processes].map((c) => this.stop(c)));
    this.removeDirs();
    this.releaseExitHook();
  }

  /** Synchronous last resort (process exit): SIGKILL everything, remove the directories. */
  killNow(): void {
    for (const c of this.processes) signalGroup(c, 'SIGKILL');
    this.removeDirs();
  }

  private removeDirs(): void {
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
    this.dirs.clear();
  }
}

/** Signals the child's whole process group; falls back to the child alone. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Cleans up after an lb run that could not (lb was SIGKILLed, the machine lost power): for each `lb-run-*`
 * directory in `tmp` whose lb process is gone, kills the recorded children that still carry its marker (a pid
 * reused by an unrelated process does not), then removes the directory. Returns how many processes were killed.
 */
export function reapStaleRuns(tmp: string): number {
  let killed = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync(tmp).filter((e) => e.startsWith('lb-run-'));
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const dir = join(tmp, entry);
    const owner = Number(readText(join(dir, 'owner')));
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    for (const pid of readText(join(dir, 'pids')).split('\n').map(Number).filter((p) => p > 0)) {
      if (!readText(`/proc/${pid}/environ`).split('\u0000').includes(`${MARKER}=${dir}`)) continue;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          continue;
        }
      }
      killed++;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return killed;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
