/**
 * Network namespaces for the HA pair, with `ip` (iproute2): a bridge in a namespace of its own, one namespace per
 * node attached to it over a veth pair, addresses, link up/down, "does this interface hold that address". The host's
 * own network is never touched. Every namespace is named `lbr-<run id>-<node>`; a marker file (owner pid) says
 * which run created it, so that a later run removes what a crashed one left, and an exit hook removes the live
 * run's namespaces when lb fails.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, onProcessExit } from './lifetime.ts';

export const NETNS_PREFIX = 'lbr-';

export interface CommandResult {
  ok: boolean;
  output: string;
}

/** Runs `ip ARGS` without blocking the event loop (the live view and the client keep going); bounded by `timeoutMs`. */
export function ip(args: readonly string[], timeoutMs = 5000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile('ip', [...args], { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ ok: !error, output: `${stdout ?? ''}${stderr ?? ''}`.trim() || (error ? error.message : '') });
    });
  });
}

/** Synchronous `ip`, for the exit hook and the clean-up of leftovers. */
function ipSync(args: readonly string[]): CommandResult {
  const r = spawnSync('ip', [...args], { encoding: 'utf8', timeout: 5000, killSignal: 'SIGKILL' });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

export function hasIpCommand(): boolean {
  return spawnSync('ip', ['-V'], { encoding: 'utf8', timeout: 3000 }).status === 0;
}

/** `ip netns list` names (the first word of each line: later words are `(id: N)`). */
export function listNamespaces(): string[] {
  const r = ipSync(['netns', 'list']);
  return r.ok ? r.output.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter((n) => n !== '' && n !== undefined) : [];
}

// ---------- ownership markers ----------

/** Where the owner markers live: /run (root only, like the namespaces) or, failing that, the temporary directory. */
function markerDir(): string {
  for (const dir of ['/run/lb-run', join(tmpdir(), 'lb-run-netns')]) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      return dir;
    } catch {
      // not writable: try the next
    }
  }
  return tmpdir();
}

function markerPath(id: string): string {
  return join(markerDir(), id);
}

/** `lbr-<id>-node` -> id (ids are the run directory's random suffix: letters and digits). */
export function runIdOf(namespace: string): string | undefined {
  return new RegExp(`^${NETNS_PREFIX}([A-Za-z0-9]+)-`).exec(namespace)?.[1];
}

// ---------- the namespaces of one run ----------

/** The namespaces one run created, in creation order; removes them (and its marker) on `delete()` or on exit. */
export class Namespaces {
  readonly names: string[] = [];
  private readonly releaseExitHook = onProcessExit(() => this.deleteNow());

  constructor(readonly id: string) {
    writeFileSync(markerPath(id), `${process.pid}\n`);
  }

  name(node: string): string {
    return `${NETNS_PREFIX}${this.id}-${node}`;
  }

  /** `ip netns add`; the name is recorded before, so a half-made namespace is still removed. */
  async add(node: string): Promise<CommandResult & { ns: string }> {
    const ns = this.name(node);
    this.names.push(ns);
    const r = await ip(['netns', 'add', ns]);
    return { ...r, ns };
  }

  /** Kills what still runs inside (keepalived's children, a stray server), then deletes the namespaces. */
  async delete(): Promise<string[]> {
    const problems: string[] = [];
    for (const ns of [...this.names].reverse()) {
      killInside(ns);
      const r = await ip(['netns', 'del', ns]);
      if (!r.ok && !/No such file/.test(r.output)) problems.push(`${ns}: ${r.output}`);
    }
    this.names.length = 0;
    rmSync(markerPath(this.id), { force: true });
    this.releaseExitHook();
    return problems;
  }

  /** Synchronous last resort (process exit). */
  deleteNow(): void {
    for (const ns of [...this.names].reverse()) {
      killInside(ns);
      ipSync(['netns', 'del', ns]);
    }
    this.names.length = 0;
    rmSync(markerPath(this.id), { force: true });
  }
}

/** SIGKILL to every process in the namespace (`ip netns pids`): only ever called on namespaces lb named. */
function killInside(ns: string): number {
  const r = ipSync(['netns', 'pids', ns]);
  if (!r.ok) return 0;
  let killed = 0;
  for (const pid of r.output.split('\n').map(Number).filter((p) => p > 0 && p !== process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // gone already
    }
  }
  return killed;
}

/**
 * Removes namespaces left by an lb run that could not clean up (lb SIGKILLed, a lost terminal): every `lbr-<id>-*`
 * whose run's marker is missing or names a process that is gone. Processes still inside are killed first. Returns
 * the namespaces removed. A live run's namespaces (its lb process alive) are never touched.
 */
export function reapStaleNamespaces(): string[] {
  const removed: string[] = [];
  const owners = new Map<string, boolean>();
  for (const ns of listNamespaces()) {
    const id = runIdOf(ns);
    if (id === undefined) continue;
    if (!owners.has(id)) {
      let owner = NaN;
      try {
        owner = Number(readFileSync(markerPath(id), 'utf8').trim());
      } catch {
        // no marker: the run is gone
      }
      const stale = !(Number.isInteger(owner) && owner > 0 && isAlive(owner));
      owners.set(id, stale);
    }
    if (!owners.get(id)) continue;
    killInside(ns);
    if (ipSync(['netns', 'del', ns]).ok) removed.push(ns);
  }
  for (const [id, stale] of owners) if (stale) rmSync(markerPath(id), { force: true });
  return removed;
}

// ---------- inside a namespace ----------

/** The IPv4/IPv6 addresses on `dev` in `ns` (without prefixes); empty when the namespace or device is gone. */
export async function addressesOf(ns: string, dev: string): Promise<string[]> {
  const r = await ip(['-n', ns, '-o', 'addr', 'show', 'dev', dev], 2000);
  if (!r.ok) return [];
  return [...r.output.matchAll(/\binet6?\s+([0-9a-fA-F.:]+)\//g)].map((m) => m[1]);
}

export function setLink(ns: string, dev: string, up: boolean): Promise<CommandResult> {
  return ip(['-n', ns, 'link', 'set', dev, up ? 'up' : 'down']);
}

/** `ss -N NS -ltnH`: is something listening on host:port (or on all addresses, port) in the namespace? */
export function listeningIn(ns: string, host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('ss', ['-N', ns, '-ltnH', `sport = :${port}`], { timeout: 2000, encoding: 'utf8' }, (error, stdout) => {
      if (error) return resolve(false);
      const locals = (stdout ?? '').split('\n').map((l) => l.trim().split(/\s+/)[3] ?? '');
      resolve(locals.some((l) => [`${host}:${port}`, `0.0.0.0:${port}`, `*:${port}`, `[::]:${port}`].includes(l)));
    });
  });
}

/** Polls `listeningIn` until it answers true, the process stops being alive, or `timeoutMs` passes. */
export async function waitListeningIn(ns: string, host: string, port: number, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await listeningIn(ns, host, port)) return true;
    if (Date.now() > deadline || !alive()) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
