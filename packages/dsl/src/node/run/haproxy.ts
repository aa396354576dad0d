/**
 * haproxy for a run: found on PATH or in /usr/sbin (not on a non-root PATH on Debian), the configuration checked
 * with `haproxy -c`, then started in master-worker mode in the foreground (`-W -db`). A reload is SIGUSR2 to the
 * master: it re-executes itself and the new worker takes the listening sockets over from the old one, which
 * finishes its requests, so no connection is refused or cut.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Children } from './children.ts';
import { workerPid } from './stats.ts';

export const INSTALL_HINT = 'Install it with `apt-get install haproxy` (Debian, Ubuntu), `dnf install haproxy` or `brew install haproxy`.';

export function findHaproxy(env: Record<string, string | undefined>): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, 'haproxy');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function haproxyVersion(binary: string): string | undefined {
  const r = spawnSync(binary, ['-v'], { encoding: 'utf8', timeout: 5000 });
  return /version (\S+)/.exec(r.stdout ?? '')?.[1];
}

/** `haproxy -c -f FILE`: ok, and what it said (alerts and warnings). */
export function checkConfig(binary: string, file: string): { ok: boolean; output: string } {
  const r = spawnSync(binary, ['-c', '-f', file], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  const output = `${r.stderr ?? ''}${r.stdout ?? ''}${r.error ? `\n${r.error.message}` : ''}`.trim();
  return { ok: r.status === 0, output };
}

export class HaproxyProcess {
  private log = '';
  readonly master: ChildProcess;

  constructor(
    private readonly children: Children,
    binary: string,
    configFile: string,
    pidFile: string,
    readonly statsSocket: string,
    /** A command that runs haproxy elsewhere and then execs it, e.g. `ip netns exec NS` (the pid stays haproxy's). */
    launcher: readonly string[] = [],
  ) {
    const args = ['-W', '-db', '-f', configFile, '-p', pidFile];
    this.master = launcher.length > 0 ? children.spawn(launcher[0], [...launcher.slice(1), binary, ...args]) : children.spawn(binary, args);
    const keep = (d: Buffer) => (this.log = (this.log + d.toString('utf8')).slice(-20_000));
    this.master.stdout?.on('data', keep);
    this.master.stderr?.on('data', keep);
  }

  get running(): boolean {
    return this.master.exitCode === null && this.master.signalCode === null;
  }

  /** What haproxy printed (notices, warnings, alerts), most recent last. */
  output(): string {
    return this.log.trim();
  }

  /** Resolves with the worker's pid once the stats socket answers; undefined when haproxy exited or timed out. */
  async ready(timeoutMs: number): Promise<number | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.running) {
      const pid = await workerPid(this.statsSocket).catch(() => undefined);
      if (pid !== undefined) return pid;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  }

  /**
   * SIGUSR2 to the master only (not its group: the workers must not see it), then waits until a new worker answers
   * on the stats socket. Resolves with the time it took, or undefined when no new worker answered in time.
   */
  async reload(timeoutMs = 10_000): Promise<number | undefined> {
    const before = await workerPid(this.statsSocket).catch(() => undefined);
    const start = Date.now();
    this.master.kill('SIGUSR2');
    while (Date.now() - start < timeoutMs && this.running) {
      const pid = await workerPid(this.statsSocket).catch(() => undefined);
      if (pid !== undefined && pid !== before) return Date.now() - start;
      await new Promise((r) => setTimeout(r, 25));
    }
    return undefined;
  }

  stop(): Promise<void> {
    return this.children.stop(this.master, 'SIGTERM', 5000);
  }
}
