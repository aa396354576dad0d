/**
 * One `lb run`: compile, check with `haproxy -c`, start the declared local servers, wait for their ports, start
 * haproxy (master-worker), then keep it in step with the source (reload on save), stop servers on demand and
 * measure what haproxy saw, and stop everything at the end. Output goes through `RunIo`, so tests drive it directly.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileForRun } from './compile-for-run.ts';
import { nodeFileSystem } from '../../cli/node-fs.ts';
import type { SourceSet } from '../../report/sources.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { OutputFile } from '../../emit/common/output.ts';
import { bootOrStop, type Started } from './booting.ts';
import { Children, reapStaleRuns } from './children.ts';
import { findHaproxy, HaproxyProcess, haproxyVersion, INSTALL_HINT } from './haproxy.ts';
import { LiveView, renderView } from './live-view.ts';
import { startLocalServer, waitUntilListening, type RunningServer } from './local-servers.ts';
import { findServer, planRun, sameLocalServer, type LocalServer, type RunPlan } from './plan.ts';
import { reapStaleNamespaces } from './netns.ts';
import { isRoot, portProblem } from './ports.ts';
import { showStat, workerPid, type StatRow } from './stats.ts';
import { commit, stageHaproxy } from './staged-config.ts';
import { indent } from './tool-report.ts';
import { SourceWatcher, stamped } from './watch.ts';

export interface RunIo {
  env: Record<string, string | undefined>;
  /** Normal output: URLs, the live view, reports. */
  out(text: string): void;
  /** Problems: diagnostics, failures. */
  err(text: string): void;
  color: boolean;
  /** stdout is a terminal: the live view redraws in place. */
  tty: boolean;
}

export interface RunOptions {
  file: string;
  /** The load-balancer host whose haproxy.cfg runs here (a program with hosts); default: the first. */
  host?: string;
  /** Reload when the file or one it imports changes (default true). */
  watch?: boolean;
  /** Show the live view every `viewIntervalMs` (default true, 1000 ms). */
  view?: boolean;
  viewIntervalMs?: number;
  /** How long a local server or haproxy may take to listen (default 10 s). */
  startTimeoutMs?: number;
}

export type StartResult = Started<RunSession>;

export interface ReloadReport {
  outcome: 'reloaded' | 'unchanged' | 'rejected' | 'failed';
  /** Time from SIGUSR2 until the new worker answered. */
  ms?: number;
  started: string[];
  stopped: string[];
}

export interface KillReport {
  server: string;
  /** Time from the signal until haproxy reported the server DOWN; undefined when it did not within the limit. */
  downAfterMs?: number;
  /** 5xx responses the frontends sent to clients between the kill and the DOWN mark (plus one second). */
  failedResponses: number;
  /** Retries and redispatches haproxy made meanwhile: the requests it saved. */
  retries: number;
  redispatches: number;
}

interface Compiled {
  cfg: OutputFile;
  plan: RunPlan;
  files: string[];
  diagnostics: Diagnostic[];
  sources: SourceSet;
}

export class RunSession {
  readonly children = new Children();
  readonly dir: string;
  readonly statsSocket: string;
  readonly configPath: string;
  private haproxy?: HaproxyProcess;
  private servers = new Map<string, RunningServer>();
  private stoppedByLb = new Set<string>();
  private readonly watcher = new SourceWatcher();
  private timers: ReturnType<typeof setInterval>[] = [];
  private view: LiveView;
  private events: string[] = [];
  private stopping = false;
  reloads = 0;
  /** Every haproxy worker pid seen (each reload makes a new one). */
  readonly workerPids: number[] = [];
  plan: RunPlan = { servers: [], notLocal: [], frontends: [], stats: [] };
  version = '';
  rows: StatRow[] = [];

  private constructor(
    readonly options: RunOptions,
    readonly io: RunIo,
    private readonly binary: string,
  ) {
    this.dir = this.children.tempDir(mkdtempSync(join(tmpdir(), 'lb-run-')));
    this.children.markRun(this.dir);
    this.statsSocket = join(this.dir, 'admin.sock');
    this.configPath = join(this.dir, 'haproxy.cfg');
    this.view = new LiveView((t) => io.out(t), io.tty);
  }

  /** Starts everything; on any failure stops what was started, reports why, and gives the exit code. */
  static async start(options: RunOptions, io: RunIo): Promise<StartResult> {
    const binary = findHaproxy(io.env);
    if (!binary) {
      io.err(`lb run: haproxy is not installed (looked on PATH and in /usr/sbin). ${INSTALL_HINT}\n`);
      return { ok: false, exitCode: 1 };
    }
    const reaped = reapStaleRuns(tmpdir());
    if (reaped > 0) io.out(`Stopped ${reaped} process${reaped === 1 ? '' : 'es'} left by an earlier lb run that could not clean up.\n`);
    const namespaces = isRoot() ? reapStaleNamespaces() : [];
    if (namespaces.length > 0) io.out(`Removed ${namespaces.length} network namespace${namespaces.length === 1 ? '' : 's'} left by an earlier lb run of an HA pair.\n`);
    const session = new RunSession(options, io, binary);
    return bootOrStop(session, () => session.boot());
  }

  private async boot(): Promise<number> {
    const { io } = this;
    this.version = haproxyVersion(this.binary) ?? '?';
    const compiled = this.compileSource();
    if (!compiled) return 1;
    this.plan = compiled.plan;
    this.rememberFiles(compiled.files);
    if (!this.writeChecked(compiled.cfg, this.configPath)) return 1;

    const problems = await this.portProblems(compiled.plan, compiled.plan.servers);
    if (problems.length > 0) {
      for (const p of problems) io.err(`lb run: ${p}\n`);
      return 1;
    }
    for (const n of compiled.plan.notLocal) io.out(`server ${n.key} (${n.address}) says run, but is not on this machine's loopback: not started.\n`);

    const failures = await this.startServers(compiled.plan.servers);
    if (failures.length > 0) {
      for (const f of failures) io.err(`lb run: ${f}\n`);
      return 1;
    }

    this.haproxy = new HaproxyProcess(this.children, this.binary, this.configPath, join(this.dir, 'haproxy.pid'), this.statsSocket);
    const pid = await this.haproxy.ready(this.options.startTimeoutMs ?? 10_000);
    if (pid !== undefined) this.workerPids.push(pid);
    if (pid === undefined) {
      io.err(`lb run: haproxy did not start:\n${indent(this.haproxy.output() || '(it printed nothing)')}\n`);
      return 1;
    }
    this.printWhereToGo();
    if (this.options.watch !== false) this.watcher.start(() => this.doReload());
    if (this.options.view !== false) {
      const interval = this.options.viewIntervalMs ?? 1000;
      this.timers.push(setInterval(() => void this.refresh(), interval));
      void this.refresh();
    }
    return 0;
  }

  // ---------- compile and check ----------

  private compileSource(): Compiled | undefined {
    const { io, options } = this;
    const { result, sources } = compileForRun(options.file, io);
    const files = [...result.files.keys()];
    if (!result.ok) {
      this.rememberFiles(files);
      return undefined;
    }
    const configs = result.outputs.filter((o) => o.target === 'haproxy');
    const cfg = options.host === undefined ? configs[0] : configs.find((o) => o.host === options.host);
    if (!cfg) {
      const hosts = configs.flatMap((o) => (o.host ? [o.host] : []));
      io.err(options.host === undefined
        ? 'lb run: the program declares no proxy, so there is no haproxy to run.\n'
        : `lb run: no haproxy.cfg for host '${options.host}'; load-balancer hosts: ${hosts.join(', ') || 'none'}.\n`);
      return undefined;
    }
    if (options.host === undefined && configs.length > 1) {
      io.out(`The program has ${configs.length} load-balancer hosts; running ${cfg.host}'s haproxy.cfg here (choose with --host).\n`);
    }
    return { cfg, plan: planRun(result.model, cfg.host), files, diagnostics: result.diagnostics, sources };
  }

  /** Writes the adapted configuration to `path` after `haproxy -c` accepted it; false (and says why) otherwise. */
  private writeChecked(cfg: OutputFile, path: string): boolean {
    const staged = stageHaproxy(this.binary, cfg, this.statsSocket, path);
    if (!staged.ok) {
      this.io.err(`lb run: ${staged.problem}\n`);
      return false;
    }
    if (staged.dropped.length > 0 && path === this.configPath && this.reloads === 0 && !this.haproxy) {
      this.io.out(`Left out for this local run: ${staged.dropped.join('; ')}.\n`);
    }
    commit(staged.staged);
    return true;
  }

  private async portProblems(plan: RunPlan, newServers: LocalServer[]): Promise<string[]> {
    const checks = [
      ...newServers.map((s) => portProblem(`server ${s.key}`, s.host, s.port)),
      ...[...plan.frontends, ...plan.stats].map((l) => portProblem(`${plan.stats.some((s) => s.proxy === l.proxy) ? 'stats page' : 'frontend'} ${l.proxy}`, l.host, l.port)),
    ];
    return (await Promise.all(checks)).filter((p): p is string => p !== undefined);
  }

  // ---------- local servers ----------

  private async startServers(list: LocalServer[]): Promise<string[]> {
    const started = list.map((s) => {
      const running = startLocalServer(this.children, s, this.io.env);
      this.servers.set(s.key, running);
      this.stoppedByLb.delete(s.key);
      return running;
    });
    const waits = await Promise.all(started.map((r) => waitUntilListening(r, this.options.startTimeoutMs ?? 10_000)));
    return waits.filter((w): w is string => w !== undefined);
  }

  private async stopServer(key: string, signal: NodeJS.Signals): Promise<void> {
    const running = this.servers.get(key);
    if (!running) return;
    this.stoppedByLb.add(key);
    await this.children.stop(running.child, signal, 2000);
  }

  /** Starts a server lb stopped (`--kill`, the live view's key) again. */
  async restartServer(wanted: string): Promise<string | undefined> {
    const server = findServer(this.plan, wanted);
    if (typeof server === 'string') return server;
    const failures = await this.startServers([server]);
    this.event(failures[0] ?? `server ${server.key} started again`);
    return failures[0];
  }

  /**
   * Stops one local server abruptly (SIGKILL: a crash, not a graceful exit) and measures how long haproxy takes to
   * mark it DOWN, and what clients saw meanwhile (the frontends' 5xx responses).
   */
  async killServer(wanted: string, limitMs = 30_000): Promise<KillReport | string> {
    const server = findServer(this.plan, wanted);
    if (typeof server === 'string') return server;
    if (!this.servers.has(server.key) || this.stoppedByLb.has(server.key)) return `server ${server.key} is not running`;
    const before = await showStat(this.statsSocket);
    const start = Date.now();
    await this.stopServer(server.key, 'SIGKILL');
    let downAfterMs: number | undefined;
    while (Date.now() - start < limitMs) {
      const rows = await showStat(this.statsSocket).catch(() => []);
      const row = rows.find((r) => r.proxy === server.backend && r.name === server.name);
      if (row && /^DOWN|MAINT/.test(row.status)) {
        downAfterMs = Date.now() - start;
        break;
      }
      await sleep(25);
    }
    // Requests in flight when the mark came still finish (or fail) a moment later.
    await sleep(1000);
    const after = await showStat(this.statsSocket);
    const sum = (rows: StatRow[], pick: (r: StatRow) => boolean, value: (r: StatRow) => number) => rows.filter(pick).reduce((n, r) => n + value(r), 0);
    const isFrontend = (r: StatRow) => r.name === 'FRONTEND' && !this.plan.stats.some((s) => s.proxy === r.proxy);
    const ofBackend = (r: StatRow) => r.proxy === server.backend && r.name === 'BACKEND';
    const report: KillReport = {
      server: server.key,
      downAfterMs,
      failedResponses: sum(after, isFrontend, (r) => r.http5xx) - sum(before, isFrontend, (r) => r.http5xx),
      retries: sum(after, ofBackend, (r) => r.retries) - sum(before, ofBackend, (r) => r.retries),
      redispatches: sum(after, ofBackend, (r) => r.redispatches) - sum(before, ofBackend, (r) => r.redispatches),
    };
    this.event(describeKill(report));
    return report;
  }

  // ---------- watch and reload ----------

  private rememberFiles(files: string[]): void {
    this.watcher.remember(files);
  }

  /** Recompiles, checks and reloads haproxy seamlessly; on any problem keeps the running configuration. */
  reload(): Promise<ReloadReport> {
    return this.watcher.once(() => this.doReload());
  }

  private async doReload(): Promise<ReloadReport> {
    const report: ReloadReport = { outcome: 'rejected', started: [], stopped: [] };
    const compiled = this.compileSource();
    if (!compiled) {
      this.event('the file has errors (above): haproxy keeps running the previous configuration');
      return report;
    }
    this.rememberFiles(compiled.files);
    const current = this.plan;
    const added = compiled.plan.servers.filter((s) => !current.servers.some((c) => sameLocalServer(c, s)));
    const removed = current.servers.filter((c) => !compiled.plan.servers.some((s) => sameLocalServer(c, s)));

    const free = await this.portProblems({ ...compiled.plan, frontends: [], stats: [] }, added.filter((a) => !removed.some((r) => r.port === a.port)));
    if (free.length > 0) {
      for (const p of free) this.io.err(`lb run: ${p}\n`);
      this.event('not reloaded: a port is taken (above)');
      return report;
    }
    const old = this.readConfig();
    if (!this.writeChecked(compiled.cfg, this.configPath)) {
      this.event('haproxy -c rejected the new configuration (above): the previous one keeps running');
      return report;
    }
    if (old === this.readConfig() && added.length === 0 && removed.length === 0) {
      this.plan = compiled.plan;
      return { outcome: 'unchanged', started: [], stopped: [] };
    }
    const failures = await this.startServers(added);
    report.started = added.map((s) => s.key);
    if (failures.length > 0) for (const f of failures) this.io.err(`lb run: ${f}\n`);
    const ms = await this.haproxy!.reload();
    this.plan = compiled.plan;
    if (ms === undefined) {
      report.outcome = 'failed';
      this.event(`reload failed; haproxy said:\n${indent(this.haproxy!.output().split('\n').slice(-6).join('\n'))}`);
      return report;
    }
    this.reloads++;
    const worker = await workerPid(this.statsSocket).catch(() => undefined);
    if (worker !== undefined) this.workerPids.push(worker);
    report.outcome = 'reloaded';
    report.ms = ms;
    // Only now, when the new worker no longer sends them anything, do the removed servers stop.
    for (const r of removed) {
      if (compiled.plan.servers.some((s) => s.port === r.port && s.host === r.host)) continue;
      await this.stopServer(r.key, 'SIGTERM');
      this.servers.delete(r.key);
      report.stopped.push(r.key);
    }
    const changes = [...report.started.map((s) => `+${s}`), ...report.stopped.map((s) => `-${s}`)];
    this.event(`reloaded in ${ms} ms${changes.length > 0 ? ` (${changes.join(' ')})` : ''}`);
    return report;
  }

  private readConfig(): string {
    try {
      return nodeFileSystem.readFile(this.configPath) ?? '';
    } catch {
      return '';
    }
  }

  // ---------- output ----------

  private printWhereToGo(): void {
    const lines = [`haproxy ${this.version} is running (master pid ${this.haproxy!.master.pid}); temporary files in ${this.dir}`];
    for (const f of this.plan.frontends) lines.push(`  frontend ${f.proxy}: ${f.url}`);
    for (const s of this.plan.stats) lines.push(`  stats page: ${s.url}${s.users.length > 0 ? ` (user ${s.users.join(', ')})` : ''}`);
    for (const s of this.plan.servers) {
      const pid = this.servers.get(s.key)?.child.pid;
      lines.push(`  server ${s.key}: ${s.host}:${s.port} (${s.run.kind === 'demo' ? 'demo' : s.run.command}, pid ${pid})`);
    }
    if (this.options.watch !== false) lines.push(`Watching ${this.watcher.files.join(', ')}: a save reloads haproxy.`);
    this.io.out(`${lines.join('\n')}\n`);
  }

  private event(text: string): void {
    const line = stamped(text);
    this.events.push(line);
    if (this.events.length > 20) this.events.shift();
    this.view.print(line);
  }

  /** Reads `show stat` and redraws the live view. */
  async refresh(): Promise<void> {
    if (this.stopping) return;
    this.rows = await showStat(this.statsSocket).catch(() => this.rows);
    if (this.options.view === false || this.stopping) return;
    const local = new Map<string, string>();
    for (const [key, r] of this.servers) {
      const what = r.server.run.kind === 'demo' ? 'demo' : 'command';
      local.set(key, this.stoppedByLb.has(key) ? `(${what}, stopped by lb)` : `(${what}, pid ${r.child.pid})`);
    }
    const title = `lb run ${this.options.file} · haproxy ${this.version} · reloads ${this.reloads} · ${new Date().toISOString().slice(11, 19)}`;
    this.view.draw(renderView({ title, rows: this.rows, plan: this.plan, local, events: [], color: this.io.color }));
  }

  /** Stops haproxy, then the servers, and removes the temporary files. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.watcher.stop();
    await this.watcher.settled();
    await this.haproxy?.stop();
    await this.children.stopAll();
  }
}

export function describeKill(r: KillReport): string {
  const down = r.downAfterMs === undefined ? 'haproxy did not mark it DOWN within the limit' : `haproxy marked it DOWN after ${(r.downAfterMs / 1000).toFixed(2)} s`;
  return `killed ${r.server}: ${down}; ${r.failedResponses} failed response${r.failedResponses === 1 ? '' : 's'} to clients, ${r.retries} retr${r.retries === 1 ? 'y' : 'ies'} and ${r.redispatches} redispatch${r.redispatches === 1 ? '' : 'es'} by haproxy`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
