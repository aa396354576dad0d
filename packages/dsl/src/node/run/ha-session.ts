/**
 * `lb run` of a program with `vrrp`, as root: the HA pair for real, in network namespaces. A bridge in a namespace
 * of its own; one namespace per VRRP member with the interface and address the file gives it; a client namespace
 * (and an "app" namespace for `run` servers in the subnet) on the same bridge. Each member runs lb's keepalived.conf
 * and haproxy.cfg for that host. The live view shows which node holds the VIP; `failover(HOST)` takes that node's
 * link down while a client sends requests to the VIP, and reports how long the VIP took to move and how many
 * requests failed. A save reloads both nodes (haproxy by SIGUSR2, keepalived by SIGHUP) once every new file passed
 * its tool's check; a change to the network itself says to restart. Nothing touches the host's own network;
 * everything is removed on stop, on exit, and (after a crash of lb) by the next run.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { check } from '../../api/compile.ts';
import { compileForRun } from './compile-for-run.ts';
import { nodeFileSystem } from '../../cli/node-fs.ts';
import { bootOrStop, type Started } from './booting.ts';
import { Children, reapStaleRuns } from './children.ts';
import { CLIENT_CODE, clientStarted, collectSummary, type ClientSummary } from './ha-client.ts';
import { clientTarget, planPair, restartReason, type PairNode, type PairPlan } from './ha-plan.ts';
import { renderPair } from './ha-view.ts';
import { findHaproxy, HaproxyProcess, haproxyVersion, INSTALL_HINT } from './haproxy.ts';
import { LiveView, renderView } from './live-view.ts';
import { startLocalServer, type RunningServer } from './local-servers.ts';
import { addressesOf, hasIpCommand, ip, Namespaces, reapStaleNamespaces, setLink, waitListeningIn } from './netns.ts';
import { sameLocalServer, type LocalServer } from './plan.ts';
import { isRoot } from './ports.ts';
import type { RunIo } from './session.ts';
import { commit, discard, stage, stageHaproxy, writeSecret, type Staged } from './staged-config.ts';
import { showStat, type StatRow } from './stats.ts';
import { describeToolOutput, indent } from './tool-report.ts';
import { SourceWatcher, stamped } from './watch.ts';

export const KEEPALIVED_INSTALL_HINT = 'Install it with `apt-get install keepalived` (Debian, Ubuntu) or `dnf install keepalived`.';

export interface HaOptions {
  file: string;
  view?: boolean;
  viewIntervalMs?: number;
  /** Reload both nodes when the file or one it imports changes (default true). */
  watch?: boolean;
  /** How long a server, haproxy or the first VIP may take (default 15 s). */
  startTimeoutMs?: number;
}

export type HaStartResult = Started<HaSession>;

export interface FailoverReport {
  host: string;
  /** Who held the VIP before, and after the link went down. */
  from?: string;
  to?: string;
  /** From `ip link set IF down` until the VIP was on another node; undefined when it did not move in time. */
  moveMs?: number;
  /** The client's view, when a frontend is reachable through the VIP. */
  target?: string;
  client?: ClientSummary;
}

/** What a save did to the pair. */
export interface PairReloadReport {
  /** `restart`: the change needs the network built again (`restart`, why); the pair runs on unchanged. */
  outcome: 'reloaded' | 'unchanged' | 'rejected' | 'restart' | 'failed';
  restart?: string;
  /** Per node: how long each reload took (undefined: not reloaded, unchanged), and what failed. */
  hosts: { host: string; haproxyMs?: number; keepalivedMs?: number; failed: string[] }[];
  started: string[];
  stopped: string[];
}

interface RunningNode {
  /** The node as the running configuration describes it (replaced by a reload). */
  node: PairNode;
  ns: string;
  dir: string;
  statsSocket: string;
  keepalived?: ChildProcess;
  haproxy?: HaproxyProcess;
  linkUp: boolean;
  state: string;
  log: string;
  /** `Reload complete` lines keepalived printed: a SIGHUP is done when this grows. */
  keepalivedReloads: number;
  /** What `keepalived -t` remarked on the running keepalived.conf (normalised): not a reason to refuse a reload. */
  remarks: Set<string>;
  rows: StatRow[];
  holdsVip: boolean;
}

/** True when the program has a `vrrp` block with members (then `lb run` as root builds the pair). */
export function programHasVrrp(file: string, env: Record<string, string | undefined>): boolean {
  const model = check(file, { fs: nodeFileSystem, env }).model;
  return model.vrrps.some((v) => v.members.length > 0);
}

export function findKeepalived(env: Record<string, string | undefined>): string | undefined {
  for (const dir of [...(env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin']) {
    if (dir !== '' && existsSync(join(dir, 'keepalived'))) return join(dir, 'keepalived');
  }
  return undefined;
}

/** Why the pair cannot be built here (not root, a missing tool), or undefined when it can. */
export function pairUnavailable(env: Record<string, string | undefined>): string | undefined {
  if (!isRoot()) return 'the HA pair runs in network namespaces, which need root';
  if (!findKeepalived(env)) return `keepalived is not installed (looked on PATH and in /usr/sbin). ${KEEPALIVED_INSTALL_HINT}`;
  if (!hasIpCommand()) return 'the `ip` command (iproute2) is missing. Install it with `apt-get install iproute2`.';
  return undefined;
}

const RESERVED = new Set(['switch', 'client', 'app']);

export class HaSession {
  readonly children = new Children();
  readonly dir: string;
  readonly id: string;
  readonly namespaces: Namespaces;
  readonly nodes: RunningNode[] = [];
  plan!: PairPlan;
  version = '';
  private servers: { server: LocalServer; ns: string; running: RunningServer }[] = [];
  private readonly watcher = new SourceWatcher();
  readonly reloads: PairReloadReport[] = [];
  private timers: ReturnType<typeof setInterval>[] = [];
  private view: LiveView;
  private stopping = false;
  private stopped?: Promise<void>;
  private client?: ChildProcess;
  /** Global settings of the generated haproxy.cfg left out here (local-config.ts), to tell the user. */
  private dropped: string[] = [];
  readonly reports: FailoverReport[] = [];

  private constructor(
    readonly options: HaOptions,
    readonly io: RunIo,
    private readonly haproxyBinary: string,
    private readonly keepalivedBinary: string,
  ) {
    this.dir = this.children.tempDir(mkdtempSync(join(tmpdir(), 'lb-run-')));
    this.children.markRun(this.dir);
    this.id = basename(this.dir).slice('lb-run-'.length);
    this.namespaces = new Namespaces(this.id);
    this.view = new LiveView((t) => io.out(t), io.tty);
  }

  get switchNs(): string {
    return this.namespaces.name('switch');
  }

  get clientNs(): string {
    return this.namespaces.name('client');
  }

  get appNs(): string {
    return this.namespaces.name('app');
  }

  /** Builds and starts everything; on any failure removes what was made, says why, and gives the exit code. */
  static async start(options: HaOptions, io: RunIo): Promise<HaStartResult> {
    const haproxy = findHaproxy(io.env);
    if (!haproxy) {
      io.err(`lb run: haproxy is not installed (looked on PATH and in /usr/sbin). ${INSTALL_HINT}\n`);
      return { ok: false, exitCode: 1 };
    }
    const unavailable = pairUnavailable(io.env);
    if (unavailable) {
      io.err(`lb run: ${unavailable}.\n`);
      return { ok: false, exitCode: 1 };
    }
    const reaped = reapStaleRuns(tmpdir());
    const namespaces = reapStaleNamespaces();
    if (reaped > 0 || namespaces.length > 0) {
      io.out(`Removed what an earlier lb run left: ${reaped} process${reaped === 1 ? '' : 'es'}, ${namespaces.length} network namespace${namespaces.length === 1 ? '' : 's'}.\n`);
    }
    const session = new HaSession(options, io, haproxy, findKeepalived(io.env)!);
    return bootOrStop(session, () => session.boot());
  }

  private nodeNs(host: string): string {
    return this.namespaces.name(RESERVED.has(host) ? `${host}-host` : host);
  }

  private async boot(): Promise<number> {
    const { io } = this;
    this.version = haproxyVersion(this.haproxyBinary) ?? '?';
    const plan = this.compilePair();
    if (!plan) return 1;
    this.plan = plan;

    // Files first (cheap to reject): each node's haproxy.cfg, checked, and keepalived.conf.
    for (const node of plan.nodes) {
      const dir = join(this.dir, node.host);
      mkdirSync(dir, { mode: 0o700 });
      const running: RunningNode = { node, ns: this.nodeNs(node.host), dir, statsSocket: join(dir, 'admin.sock'), linkUp: true, state: '?', log: '', keepalivedReloads: 0, remarks: new Set(), rows: [], holdsVip: false };
      const staged = stageHaproxy(this.haproxyBinary, node.haproxy, running.statsSocket, join(dir, 'haproxy.cfg'));
      if (!staged.ok) {
        io.err(`lb run: ${node.host}: ${staged.problem}\n`);
        return 1;
      }
      commit(staged.staged);
      for (const d of staged.dropped) if (!this.dropped.includes(d)) this.dropped.push(d);
      writeSecret(join(dir, 'keepalived.conf'), node.keepalived.text);
      this.nodes.push(running);
    }

    const problem = await this.buildNetwork();
    if (problem) {
      io.err(`lb run: could not build the network namespaces: ${problem}\n`);
      return 1;
    }
    for (const n of this.nodes) {
      const t = await this.testKeepalived(n, join(n.dir, 'keepalived.conf'));
      n.remarks = remarksOf(t.output);
      if (!t.ok) io.out(`keepalived -t on ${n.node.host} has remarks (it runs anyway):\n${indent(t.output)}\n`);
    }

    const failures = await this.startServers(this.placements(plan));
    if (failures.length > 0) {
      for (const f of failures) io.err(`lb run: ${f}\n`);
      return 1;
    }
    // haproxy first: keepalived's track script (if any) looks for it.
    const timeout = this.options.startTimeoutMs ?? 15_000;
    for (const n of this.nodes) {
      n.haproxy = new HaproxyProcess(this.children, this.haproxyBinary, join(n.dir, 'haproxy.cfg'), join(n.dir, 'haproxy.pid'), n.statsSocket, ['ip', 'netns', 'exec', n.ns]);
    }
    for (const n of this.nodes) {
      if ((await n.haproxy!.ready(timeout)) === undefined) {
        io.err(`lb run: haproxy did not start on ${n.node.host}:\n${indent(n.haproxy!.output() || '(it printed nothing)')}\n`);
        return 1;
      }
    }
    for (const n of this.nodes) this.startKeepalived(n);
    const holder = await this.waitForVip(timeout);
    this.printWhereToGo(holder);
    if (holder === undefined) io.err(`lb run: no node took the VIP within ${Math.round(timeout / 1000)} s; keepalived said:\n${this.nodes.map((n) => `  ${n.node.host}:\n${indent(n.log.split('\n').slice(-6).join('\n'))}`).join('\n')}\n`);
    if (this.options.watch !== false) this.watcher.start(() => this.doReload());
    if (this.options.view !== false) {
      this.timers.push(setInterval(() => void this.refresh(), this.options.viewIntervalMs ?? 1000));
      void this.refresh();
    }
    return 0;
  }

  private compilePair(): PairPlan | undefined {
    const { io, options } = this;
    const { result } = compileForRun(options.file, io);
    this.watcher.remember([...result.files.keys()]);
    if (!result.ok) return undefined;
    const planned = planPair(result.model, result.outputs);
    if (!planned.ok) {
      io.err(`lb run: ${planned.problem}.\n`);
      return undefined;
    }
    return planned.plan;
  }

  // ---------- network ----------

  /** Bridge namespace, then each node, the client and the app namespace on it (veth pairs). A problem, or undefined. */
  private async buildNetwork(): Promise<string | undefined> {
    const must = async (args: string[]): Promise<string | undefined> => {
      const r = await ip(args);
      return r.ok ? undefined : `ip ${args.join(' ')}: ${r.output}`;
    };
    const sw = await this.namespaces.add('switch');
    if (!sw.ok) return sw.output;
    const bridge = (await must(['-n', this.switchNs, 'link', 'add', 'br0', 'type', 'bridge'])) ?? (await must(['-n', this.switchNs, 'link', 'set', 'br0', 'up']));
    if (bridge) return bridge;
    let port = 0;
    const attach = async (node: string, ns: string, iface: string, addresses: string[]): Promise<string | undefined> => {
      const added = await this.namespaces.add(node);
      if (!added.ok) return added.output;
      const p = `p${++port}`;
      for (const args of [
        ['-n', this.switchNs, 'link', 'add', p, 'type', 'veth', 'peer', 'name', iface, 'netns', ns],
        ['-n', this.switchNs, 'link', 'set', p, 'master', 'br0', 'up'],
        ['-n', ns, 'link', 'set', 'lo', 'up'],
        ['-n', ns, 'link', 'set', iface, 'up'],
        ...addresses.map((a) => ['-n', ns, 'addr', 'add', a, 'dev', iface]),
      ]) {
        const problem = await must(args);
        if (problem) return problem;
      }
      return undefined;
    };
    for (const n of this.nodes) {
      const problem = (await attach(n.ns.slice(`lbr-${this.id}-`.length), n.ns, n.node.iface, [n.node.address]))
        // haproxy binds the VIP while this node is BACKUP (the file says `nonlocal-bind` or `transparent`).
        ?? (await must(['netns', 'exec', n.ns, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_nonlocal_bind']));
      if (problem) return problem;
    }
    const client = await attach('client', this.clientNs, this.plan.client.iface, [this.plan.client.address]);
    if (client) return client;
    if (this.plan.app.servers.length > 0) return attach('app', this.appNs, this.plan.app.iface, this.plan.app.addresses);
    return undefined;
  }

  // ---------- processes ----------

  /** Where each `run` server of `plan` runs: the app namespace, or every node's loopback. */
  private placements(plan: PairPlan): { server: LocalServer; ns: string }[] {
    return [
      ...plan.app.servers.map((server) => ({ server, ns: this.appNs })),
      ...this.nodes.flatMap((n) => plan.loopback.map((server) => ({ server, ns: n.ns }))),
    ];
  }

  private async startServers(placed: { server: LocalServer; ns: string }[]): Promise<string[]> {
    const timeout = this.options.startTimeoutMs ?? 15_000;
    const waits = placed.map(async ({ server, ns }) => {
      const running = startLocalServer(this.children, server, this.io.env, ['ip', 'netns', 'exec', ns]);
      this.servers.push({ server, ns, running });
      const alive = () => running.child.exitCode === null && running.child.signalCode === null;
      if (await waitListeningIn(ns, server.host, server.port, timeout, alive)) return undefined;
      const said = running.output() === '' ? '' : `\n  it said:\n${indent(running.output().split('\n').slice(-8).join('\n'))}`;
      return `server ${server.key} in ${ns} did not listen on ${server.host}:${server.port}${alive() ? ` within ${Math.round(timeout / 1000)} s` : ' (it exited)'}.${said}`;
    });
    return (await Promise.all(waits)).filter((w): w is string => w !== undefined);
  }

  private startKeepalived(n: RunningNode): void {
    const f = (name: string) => join(n.dir, name);
    // Unique pid files (the default /run/keepalived.pid makes a second instance exit 0 at once); -n foreground,
    // -l log to the console (read here for the state), -D detail, -G no syslog, -P VRRP only (no LVS checker).
    const child = this.children.spawn('ip', ['netns', 'exec', n.ns, this.keepalivedBinary, '-n', '-l', '-D', '-G', '-P', '-f', f('keepalived.conf'), '-p', f('keepalived.pid'), '-r', f('vrrp.pid'), '-c', f('checkers.pid')]);
    n.keepalived = child;
    const onData = (d: Buffer) => {
      const text = d.toString('utf8');
      n.log = (n.log + text).slice(-20_000);
      n.keepalivedReloads += text.match(/Reload complete/g)?.length ?? 0;
      for (const m of text.matchAll(/Entering (\w+) STATE/g)) {
        if (m[1] !== n.state) {
          n.state = m[1];
          if (!this.stopping) this.event(`${n.node.host}: VRRP ${m[1]}`);
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  }

  // ---------- reload on save ----------

  private testKeepalived(n: RunningNode, file: string): Promise<{ ok: boolean; output: string }> {
    // In the node's namespace: keepalived -t needs the interface to exist.
    return ip(['netns', 'exec', n.ns, this.keepalivedBinary, '-t', '-f', file], 10_000);
  }

  /**
   * Recompiles and brings both nodes to the new configuration: every file staged and checked first (haproxy -c,
   * keepalived -t), then servers added, files moved into place, haproxy reloaded (SIGUSR2) and keepalived reloaded
   * (SIGHUP) where its file changed, and only then removed servers stopped. On errors, or a change that needs the
   * network built again, nothing running is touched.
   */
  reload(): Promise<PairReloadReport> {
    return this.watcher.once(() => this.doReload());
  }

  private async doReload(): Promise<PairReloadReport> {
    const report = await this.applyReload();
    if (report.outcome !== 'unchanged') this.reloads.push(report);
    return report;
  }

  private async applyReload(): Promise<PairReloadReport> {
    const report: PairReloadReport = { outcome: 'rejected', hosts: [], started: [], stopped: [] };
    const next = this.compilePair();
    if (!next) {
      this.event('the file has errors (above): the pair keeps running the previous configuration');
      return report;
    }
    const why = restartReason(this.plan, next);
    if (why) {
      this.event(`restart lb run to apply: ${why}. The pair keeps running the previous configuration.`);
      return { ...report, outcome: 'restart', restart: why };
    }
    const staged = await this.stageAll(next);
    if (typeof staged === 'string') {
      this.io.err(`lb run: ${staged}\n`);
      this.event('the new configuration was rejected (above): the pair keeps running the previous one');
      return report;
    }
    const current = this.placements(this.plan);
    const wanted = this.placements(next);
    const added = wanted.filter((w) => !current.some((c) => c.ns === w.ns && sameLocalServer(c.server, w.server)));
    const removed = this.servers.filter((r) => !wanted.some((w) => w.ns === r.ns && sameLocalServer(r.server, w.server)));
    if (!staged.some((s) => s.haproxy.changed || s.keepalived.changed) && added.length === 0 && removed.length === 0) {
      for (const s of staged) [s.haproxy, s.keepalived].forEach(discard);
      this.plan = next;
      return { ...report, outcome: 'unchanged' };
    }
    // New servers listen before the haproxys that send them requests reload.
    for (const a of next.app.addresses.filter((x) => !this.plan.app.addresses.includes(x))) {
      const r = await ip(['-n', this.appNs, 'addr', 'add', a, 'dev', next.app.iface]);
      if (!r.ok) this.io.err(`lb run: could not add ${a} to the app namespace: ${r.output}\n`);
    }
    const failures = await this.startServers(added);
    for (const f of failures) this.io.err(`lb run: ${f}\n`);
    report.started = [...new Set(added.map((a) => a.server.key))];

    report.hosts = await Promise.all(this.nodes.map(async (n, i) => {
      const s = staged[i];
      n.node = next.nodes[i];
      const host: PairReloadReport['hosts'][number] = { host: n.node.host, failed: [] };
      for (const file of [s.haproxy, s.keepalived]) (file.changed ? commit : discard)(file);
      if (s.haproxy.changed) {
        host.haproxyMs = await n.haproxy!.reload();
        if (host.haproxyMs === undefined) host.failed.push(`haproxy did not reload; it said:\n${indent(n.haproxy!.output().split('\n').slice(-6).join('\n'))}`);
      }
      if (s.keepalived.changed) {
        n.remarks = s.remarks;
        host.keepalivedMs = await this.reloadKeepalived(n);
        if (host.keepalivedMs === undefined) host.failed.push(`keepalived did not report "Reload complete" within 5 s; it said:\n${indent(n.log.split('\n').slice(-6).join('\n'))}`);
      }
      return host;
    }));
    this.plan = next;
    // Only now, when no new haproxy worker sends them anything, do the removed servers stop.
    for (const r of removed) {
      await this.children.stop(r.running.child, 'SIGTERM', 2000);
      this.servers.splice(this.servers.indexOf(r), 1);
    }
    report.stopped = [...new Set(removed.map((r) => r.server.key))];
    report.outcome = report.hosts.some((h) => h.failed.length > 0) ? 'failed' : 'reloaded';
    for (const h of report.hosts) this.event(describeHostReload(h));
    const changes = [...report.started.map((k) => `+${k}`), ...report.stopped.map((k) => `-${k}`)];
    if (changes.length > 0) this.event(`servers: ${changes.join(' ')}`);
    return report;
  }

  /** Every node's haproxy.cfg (haproxy -c) and keepalived.conf (keepalived -t) staged and checked; or the problem. */
  private async stageAll(next: PairPlan): Promise<{ haproxy: Staged; keepalived: Staged; remarks: Set<string> }[] | string> {
    const staged: { haproxy: Staged; keepalived: Staged; remarks: Set<string> }[] = [];
    const drop = () => staged.forEach((s) => [s.haproxy, s.keepalived].forEach(discard));
    for (const [i, n] of this.nodes.entries()) {
      const node = next.nodes[i];
      const haproxy = stageHaproxy(this.haproxyBinary, node.haproxy, n.statsSocket, join(n.dir, 'haproxy.cfg'));
      if (!haproxy.ok) {
        drop();
        return `${node.host}: ${haproxy.problem}`;
      }
      const keepalived = stage(join(n.dir, 'keepalived.conf'), node.keepalived.text);
      staged.push({ haproxy: haproxy.staged, keepalived, remarks: n.remarks });
      if (!keepalived.changed) continue;
      const t = await this.testKeepalived(n, keepalived.candidate);
      const remarks = remarksOf(t.output);
      // Remarks the running file had too (case 2's track script, say) do not block; new ones do.
      if (!t.ok && [...remarks].some((r) => !n.remarks.has(r))) {
        drop();
        return `${node.host}: keepalived -t rejected the generated keepalived.conf:\n${describeToolOutput(t.output, node.keepalived)}`;
      }
      staged[i].remarks = remarks;
    }
    return staged;
  }

  /** SIGHUP to keepalived (it re-reads its file and keeps its VRRP state); the time until it logged `Reload complete`. */
  private async reloadKeepalived(n: RunningNode, timeoutMs = 5000): Promise<number | undefined> {
    const child = n.keepalived;
    if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
    const before = n.keepalivedReloads;
    const start = Date.now();
    child.kill('SIGHUP');
    while (n.keepalivedReloads === before && Date.now() - start < timeoutMs && child.exitCode === null) await sleep(5);
    return n.keepalivedReloads > before ? Date.now() - start : undefined;
  }

  // ---------- the VIP ----------

  /** The nodes whose interface holds the first VIP now (polls `ip -n NS addr`). */
  async vipHolders(vip = this.plan.vips[0]?.ip): Promise<string[]> {
    const held = await Promise.all(this.nodes.map(async (n) => ((await addressesOf(n.ns, n.node.iface)).includes(vip ?? '') ? n.node.host : undefined)));
    return held.filter((h): h is string => h !== undefined);
  }

  /** Waits (at most `timeoutMs`) until exactly one node holds the VIP; that node, or undefined. */
  async waitForVip(timeoutMs: number, except?: string): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const holders = (await this.vipHolders()).filter((h) => h !== except);
      if (holders.length === 1) return holders[0];
      if (Date.now() > deadline || this.stopping) return undefined;
      await sleep(10);
    }
  }

  /** Brings a node's link up or down (`ip -n NS link set IF up|down`). */
  async setLink(host: string, up: boolean): Promise<string | undefined> {
    const n = this.nodes.find((x) => x.node.host === host);
    if (!n) return `no load-balancer node '${host}' (nodes: ${this.nodes.map((x) => x.node.host).join(', ')})`;
    const r = await setLink(n.ns, n.node.iface, up);
    if (!r.ok) return `ip -n ${n.ns} link set ${n.node.iface} ${up ? 'up' : 'down'}: ${r.output}`;
    n.linkUp = up;
    return undefined;
  }

  /**
   * Takes HOST's link down (a dead machine or cable, not a graceful stop: a SIGKILLed keepalived would leave the
   * VIP on the interface) while a client in the client namespace sends requests to the VIP, then reports how long
   * the VIP took to appear on another node and what the client saw. The link stays down (`setLink` brings it back).
   */
  async failover(host: string, options: { limitMs?: number; baselineMs?: number; settleMs?: number; requestTimeoutMs?: number; concurrency?: number } = {}): Promise<FailoverReport | string> {
    const n = this.nodes.find((x) => x.node.host === host);
    if (!n) return `no load-balancer node '${host}' (nodes: ${this.nodes.map((x) => x.node.host).join(', ')})`;
    if (!n.linkUp) return `${host}'s link is already down`;
    const limitMs = options.limitMs ?? 20_000;
    const from = await this.waitForVip(limitMs);
    const target = clientTarget(this.plan);
    const report: FailoverReport = { host, from, target: target?.url };
    let summary: (() => ClientSummary | undefined) | undefined;
    if (target) {
      const client = this.children.spawn('ip', ['netns', 'exec', this.clientNs, process.execPath, '-e', CLIENT_CODE, target.ip, String(target.port), String(options.requestTimeoutMs ?? 500), String(options.concurrency ?? 2), String(limitMs + 15_000)]);
      this.client = client;
      summary = collectSummary(client);
      if (!(await clientStarted(client, 10_000))) {
        await this.stopClient();
        return 'the client in the client namespace did not start';
      }
      await sleep(options.baselineMs ?? 1000);
    }
    const downAt = Date.now();
    const problem = await this.setLink(host, false);
    if (problem) {
      await this.stopClient();
      return problem;
    }
    if (from === host) {
      report.to = await this.waitForVip(limitMs, host);
      if (report.to !== undefined) report.moveMs = Date.now() - downAt;
    } else {
      report.to = from;
    }
    // Requests caught in the switch finish (or time out) a little later.
    await sleep(options.settleMs ?? 1000);
    if (this.client) {
      await this.stopClient();
      report.client = summary?.();
    }
    this.reports.push(report);
    this.event(describeFailover(report, this.plan.vips[0]?.ip ?? '?'));
    return report;
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await this.children.stop(client, 'SIGTERM', 3000);
  }

  // ---------- output ----------

  private printWhereToGo(holder: string | undefined): void {
    const p = this.plan;
    const lines = [`HA pair in network namespaces (haproxy ${this.version}, keepalived); temporary files in ${this.dir}`];
    for (const n of this.nodes) lines.push(`  ${n.node.host}: namespace ${n.ns}, ${n.node.iface} ${n.node.address}, keepalived pid ${n.keepalived?.pid}, haproxy pid ${n.haproxy?.master.pid}`);
    lines.push(`  client: namespace ${this.clientNs}, ${p.client.iface} ${p.client.address}`);
    if (p.app.servers.length > 0) lines.push(`  app servers: namespace ${this.appNs}, ${p.app.addresses.join(' ')}: ${p.app.servers.map((s) => `${s.key} ${s.host}:${s.port}`).join(', ')}`);
    if (p.loopback.length > 0) lines.push(`  in every node's loopback: ${p.loopback.map((s) => `${s.key} ${s.host}:${s.port}`).join(', ')}`);
    for (const s of p.notStarted) lines.push(`  server ${s.key} (${s.address}) says run, but is outside the pair's subnet ${p.subnet}: not started.`);
    for (const v of p.vips) lines.push(`  VIP ${v.cidr} (vrrp ${v.vrrp})${v === p.vips[0] ? `: ${holder ? `on ${holder}` : 'not held yet'}` : ''}`);
    for (const f of p.frontends) lines.push(`  frontend ${f.proxy}: ip netns exec ${this.clientNs} curl ${f.url}`);
    for (const s of p.stats) lines.push(`  stats page ${s.proxy}: ip netns exec ${this.nodes[0].ns} curl ${s.url}${s.users.length > 0 ? ` (user ${s.users.join(', ')})` : ''}`);
    if (this.dropped.length > 0) lines.push(`Left out of haproxy.cfg for this run: ${this.dropped.join('; ')}.`);
    if (this.options.watch !== false) lines.push(`Watching ${this.watcher.files.join(', ')}: a save reloads both nodes.`);
    this.io.out(`${lines.join('\n')}\n`);
  }

  private event(text: string): void {
    this.view.print(stamped(text));
  }

  /** Polls where the VIP is and each node's stats socket, and redraws the live view. */
  async refresh(): Promise<void> {
    if (this.stopping) return;
    const holders = new Map<string, string[]>();
    for (const v of this.plan.vips) holders.set(v.ip, await this.vipHolders(v.ip));
    await Promise.all(this.nodes.map(async (n) => {
      n.holdsVip = (holders.get(this.plan.vips[0]?.ip ?? '') ?? []).includes(n.node.host);
      n.rows = await showStat(n.statsSocket).catch(() => n.rows);
    }));
    if (this.options.view === false || this.stopping) return;
    const isStats = (r: StatRow) => this.plan.stats.some((s) => s.proxy === r.proxy);
    const sum = (rows: StatRow[], value: (r: StatRow) => number) => rows.filter((r) => r.name === 'FRONTEND' && !isStats(r)).reduce((a, r) => a + value(r), 0);
    const lines = [
      `lb run ${this.options.file} · HA pair · ${new Date().toISOString().slice(11, 19)}`,
      ...renderPair({
        vips: this.plan.vips.map((v) => ({ ip: v.ip, holders: holders.get(v.ip) ?? [] })),
        nodes: this.nodes.map((n) => ({
          host: n.node.host, ns: n.ns, iface: n.node.iface, address: n.node.address, linkUp: n.linkUp, state: n.state, holdsVip: n.holdsVip,
          keepalivedPid: n.keepalived?.pid, haproxyPid: n.haproxy?.master.pid, requests: sum(n.rows, (r) => r.requests), http5xx: sum(n.rows, (r) => r.http5xx),
        })),
        color: this.io.color,
      }),
    ];
    const shown = this.nodes.find((n) => n.holdsVip) ?? this.nodes[0];
    const local = new Map<string, string>();
    for (const s of this.plan.app.servers) local.set(s.key, `(${s.run.kind === 'demo' ? 'demo' : 'command'} in the app namespace)`);
    for (const s of this.plan.loopback) local.set(s.key, `(${s.run.kind === 'demo' ? 'demo' : 'command'} on ${shown.node.host}'s loopback)`);
    const table = renderView({ title: `haproxy on ${shown.node.host}:`, rows: shown.rows, plan: { servers: [], notLocal: [], frontends: this.plan.frontends, stats: this.plan.stats }, local, events: [], color: this.io.color });
    this.view.draw([...lines, ...table]);
  }

  /** Stops the client, haproxy, keepalived and the servers, deletes the namespaces and the files. Safe to call twice. */
  stop(): Promise<void> {
    this.stopped ??= this.doStop();
    return this.stopped;
  }

  private async doStop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.watcher.stop();
    await this.watcher.settled();
    await this.stopClient();
    await Promise.all(this.nodes.map((n) => n.haproxy?.stop()));
    await Promise.all(this.nodes.map((n) => (n.keepalived ? this.children.stop(n.keepalived, 'SIGTERM', 3000) : undefined)));
    await Promise.all(this.servers.map((s) => this.children.stop(s.running.child, 'SIGTERM', 2000)));
    const problems = await this.namespaces.delete();
    for (const p of problems) this.io.err(`lb run: could not delete namespace ${p}\n`);
    await this.children.stopAll();
  }
}

export function describeFailover(r: FailoverReport, vip: string): string {
  const moved = r.from !== r.host
    ? `${r.host} did not hold the VIP (${r.from ?? 'nobody'} did): nothing had to move`
    : r.moveMs === undefined ? `the VIP ${vip} did not move to another node within the limit` : `the VIP ${vip} moved from ${r.host} to ${r.to} in ${r.moveMs} ms`;
  const c = r.client;
  const traffic = !c
    ? 'no http frontend through the VIP, so no client requests were sent'
    : `${c.noAnswer + c.http5xx + c.other} of ${c.sent} requests to ${r.target} failed (${c.noAnswer} without an answer, ${c.http5xx} 5xx${c.other > 0 ? `, ${c.other} other` : ''})${c.firstFailAt > 0 ? `, failures over ${c.lastFailAt - c.firstFailAt} ms` : ''}`;
  return `failover of ${r.host} (link down): ${moved}; ${traffic}`;
}

/** One line per node: what a save reloaded there. */
export function describeHostReload(h: PairReloadReport['hosts'][number]): string {
  const done = [
    ...(h.haproxyMs !== undefined ? [`haproxy reloaded in ${h.haproxyMs} ms`] : []),
    ...(h.keepalivedMs !== undefined ? [`keepalived reloaded in ${h.keepalivedMs} ms`] : []),
  ];
  const what = done.length > 0 ? done.join(', ') : 'nothing to reload (its files did not change)';
  return `${h.host}: ${what}${h.failed.length > 0 ? `; ${h.failed.join('; ')}` : ''}`;
}

/** `keepalived -t` lines without the `(FILE: Line N)` prefix, which moves with every edit. */
function remarksOf(output: string): Set<string> {
  return new Set(output.split('\n').map((l) => l.replace(/\([^()]*: Line \d+\)\s*/, '').trim()).filter((l) => l !== ''));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
