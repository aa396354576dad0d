/**
 * The HA pair for real (as root): network namespaces on a bridge of their own, keepalived and haproxy in each
 * member, demo servers in an app namespace, a client namespace sending requests to the VIP. No traffic leaves the
 * namespaces the run creates. Bounded (every wait has a limit) and always cleaned up: each test stops its session in
 * `finally`, the run module removes namespaces and processes on process exit, and the last test asserts that no
 * namespace of these runs and no process they started is left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reapStaleRuns } from '../../packages/dsl/src/node/run/children.ts';
import { describeFailover, findKeepalived, HaSession, type FailoverReport } from '../../packages/dsl/src/node/run/ha-session.ts';
import { findHaproxy } from '../../packages/dsl/src/node/run/haproxy.ts';
import { listNamespaces, reapStaleNamespaces } from '../../packages/dsl/src/node/run/netns.ts';
import { isRoot } from '../../packages/dsl/src/node/run/ports.ts';
import { alive, captureIo, gone, tempLb } from './helpers.ts';
import { pairApp, pairMachines } from './pair.ts';

const sessions: HaSession[] = [];
const ids: string[] = [];
const dirs: string[] = [];
const pids: number[] = [];

/** Like case 2, but VRRP version 3 with a 100 ms advert (sub-second failover), and demo servers to answer. */
const PAIR = `${pairMachines({ vrrp: ['advert    100ms', 'version   3'] })}
${pairApp(['server web1 10.99.0.21:8080 run demo', 'server web2 10.99.0.22:8080 run demo', 'server local 127.0.0.1:9000 run demo'])}`;

async function startPair(file: string): Promise<HaSession> {
  const io = captureIo();
  const started = await HaSession.start({ file, view: false, startTimeoutMs: 15_000 }, io);
  if (!started.ok) throw new Error(`the HA pair did not start:\n${io.text()}`);
  sessions.push(started.session);
  ids.push(started.session.id);
  return started.session;
}

function remember(session: HaSession): void {
  pids.push(...session.children.started);
}

function print(label: string, r: FailoverReport, vip: string): void {
  console.log(`    ${label}: ${describeFailover(r, vip)}`);
  if (r.client) console.log(`      client: ${JSON.stringify({ sent: r.client.sent, ok: r.client.ok, noAnswer: r.client.noAnswer, http5xx: r.client.http5xx, errors: r.client.errors })}`);
}

const missing = !isRoot() ? 'not root (network namespaces need root)' : !findKeepalived(process.env) ? 'keepalived is not installed' : !findHaproxy(process.env) ? 'haproxy is not installed' : undefined;

if (missing) {
  test(`HA pair (SKIPPED: ${missing})`, () => console.log(`  SKIPPED test/run/ha.test.ts: ${missing}`));
} else {
  test('v3 / 100 ms pair: VIP on the master; failing the backup moves nothing; failing the master moves it to the backup', async () => {
    const { dir, file } = tempLb('pair.lb', PAIR);
    dirs.push(dir);
    const session = await startPair(file);
    try {
      remember(session);
      for (const ns of [session.switchNs, session.clientNs, session.appNs, ...session.nodes.map((n) => n.ns)]) {
        assert.ok(listNamespaces().includes(ns), `namespace ${ns} exists`);
        assert.match(ns, new RegExp(`^lbr-${session.id}-`));
      }
      // The file's interface name and address, inside the node.
      const eth1 = spawnSync('ip', ['-n', session.nodes[0].ns, '-o', '-4', 'addr', 'show', 'dev', 'eth1'], { encoding: 'utf8' }).stdout;
      assert.match(eth1, '10.99.0.11/24');
      assert.equal(await session.vipHolders(), ['lb1'], 'the VIP is on the master (priority 150)');

      const backup = await session.failover('lb2', { limitMs: 5000 });
      assert.type(backup, 'object', String(backup));
      const b = backup as FailoverReport;
      print('failover of the backup', b, '10.99.0.100');
      assert.is(b.from, 'lb1');
      assert.is(b.moveMs, undefined, 'nothing had to move');
      assert.equal(await session.vipHolders(), ['lb1']);
      assert.ok(b.client && b.client.ok > 50, 'the client got answers through the VIP');
      assert.is(b.client!.noAnswer + b.client!.http5xx, 0, 'losing the backup costs no request');
      assert.is(await session.setLink('lb2', true), undefined);
      await new Promise((r) => setTimeout(r, 500)); // lb2 back to BACKUP

      const report = await session.failover('lb1', { limitMs: 10_000 });
      assert.type(report, 'object', String(report));
      const r = report as FailoverReport;
      print('failover of the master (v3, advert 100ms)', r, '10.99.0.100');
      assert.is(r.from, 'lb1');
      assert.is(r.to, 'lb2');
      assert.ok(r.moveMs !== undefined && r.moveMs < 5000, `the VIP moved within 5 s (${r.moveMs} ms)`);
      assert.equal(await session.vipHolders(), ['lb2'], 'the VIP is on the backup now, and only there');
      assert.ok(r.client && r.client.ok > 50, 'requests were answered through the VIP before and after');
      // After the move lb2's haproxy carried the traffic, to the app namespace's servers and its own loopback one.
      await session.refresh();
      const served = session.nodes[1].rows.filter((row) => row.proxy === 'app' && row.name !== 'BACKEND').map((row) => [row.name, row.requests > 0]);
      assert.equal(served, [['web1', true], ['web2', true], ['local', true]]);
    } finally {
      await session.stop();
    }
  });

  test('case 2 as written (VRRP v2, advert 1s, auth, track script): VIP on lb1, failover of lb1 moves it to lb2', async () => {
    const session = await startPair('examples/case2-ha-kubernetes.lb');
    try {
      remember(session);
      assert.equal(await session.vipHolders(), ['lb1']);
      const report = await session.failover('lb1', { limitMs: 10_000 });
      assert.type(report, 'object', String(report));
      const r = report as FailoverReport;
      print('failover of case 2 (v2, advert 1s)', r, '10.182.0.100');
      assert.is(r.to, 'lb2');
      assert.ok(r.moveMs !== undefined && r.moveMs < 5000, `the VIP moved within 5 s (${r.moveMs} ms)`);
      assert.equal(await session.vipHolders(), ['lb2']);
      // Case 2's web servers (10.182.0.5/6:30080) have no `run`: haproxy answers 503, so those count as failed;
      // the requests that got no answer at all are what the VIP move cost.
      assert.ok(r.client && r.client.sent > 0);
    } finally {
      await session.stop();
    }
  });

  test('after lb itself is killed, the next run removes its namespaces and processes', async () => {
    const { dir, file } = tempLb('crash.lb', PAIR);
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/run/crashing-ha-run.ts', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let id = '';
    let runDir = '';
    try {
      [id, runDir] = await new Promise<[string, string]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the helper run did not start within 30 s')), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          const m = /ready (\S+) (\S+)/.exec(d.toString());
          if (m) {
            clearTimeout(timer);
            resolve([m[1], m[2]]);
          }
        });
        child.once('exit', (code) => reject(new Error(`the helper run exited with ${code}`)));
      });
      ids.push(id);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const orphans = readFileSync(`${runDir}/pids`, 'utf8').split('\n').map(Number).filter((p) => p > 0);
      pids.push(...orphans);
      const left = listNamespaces().filter((n) => n.startsWith(`lbr-${id}-`));
      assert.ok(left.length >= 4, `a SIGKILLed lb leaves its namespaces: ${left.join(' ')}`);
      assert.ok(alive(orphans).length >= 4, 'and its keepalived, haproxy and servers');

      const killed = reapStaleRuns(tmpdir());
      const removed = reapStaleNamespaces();
      console.log(`    clean-up after the crash: ${killed} processes killed, namespaces removed: ${removed.join(' ')}`);
      assert.ok(left.every((n) => removed.includes(n)), 'every namespace of the crashed run is removed');
      assert.equal(listNamespaces().filter((n) => n.startsWith(`lbr-${id}-`)), []);
      assert.equal(await gone(orphans), []);
      assert.not.ok(existsSync(runDir));
    } finally {
      child.kill('SIGKILL');
      if (id !== '') {
        reapStaleRuns(tmpdir());
        reapStaleNamespaces();
      }
    }
  });

  test('nothing is left behind: no namespace of these runs, no process they started, no temporary directory', async () => {
    assert.ok(ids.length >= 3 && pids.length >= 10, `the tests made runs (${ids.length}) and processes (${pids.length})`);
    const left = listNamespaces().filter((n) => ids.some((id) => n.startsWith(`lbr-${id}-`)));
    assert.equal(left, [], 'namespaces left');
    assert.equal(await gone(pids), [], 'processes left running');
    for (const s of sessions) {
      assert.not.ok(existsSync(s.dir), `${s.dir} was not removed`);
      const pgrep = spawnSync('pgrep', ['-f', s.dir], { encoding: 'utf8' });
      assert.is(pgrep.stdout.trim(), '', `a process still names ${s.dir}`);
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
}

test.after(async () => {
  for (const s of sessions) await s.stop();
});

test.run();
