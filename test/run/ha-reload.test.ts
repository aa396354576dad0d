/**
 * Reload on save for the HA pair, with real processes (as root): the pair starts in its namespaces, the test rewrites
 * the .lb file, and the run's watcher reloads both nodes. Checked through the stats socket of each node, real HTTP to
 * the VIP from the client namespace, the VIP's holder and the processes' pids. Bounded (every wait has a limit) and
 * cleaned up: the session stops in `test.after`, and the last test asserts nothing is left.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findKeepalived, HaSession, type PairReloadReport } from '../../packages/dsl/src/node/run/ha-session.ts';
import { findHaproxy } from '../../packages/dsl/src/node/run/haproxy.ts';
import { listNamespaces } from '../../packages/dsl/src/node/run/netns.ts';
import { isRoot } from '../../packages/dsl/src/node/run/ports.ts';
import { showStat, workerPid } from '../../packages/dsl/src/node/run/stats.ts';
import { alive, captureIo, gone, sleep, tempLb } from './helpers.ts';
import { pairApp, pairMachines } from './pair.ts';

const VIP = '10.99.0.100';

/** The pair of ha.test.ts (v3, 100 ms adverts) with two demo servers in the app namespace, and what a test changes. */
function pairFile(options: { lb2Priority?: number; advert?: string; servers?: readonly string[]; frontendDefault?: string; lb1Address?: string; vrrpRaw?: string } = {}): string {
  const raw = options.vrrpRaw === undefined ? [] : [`raw       ${JSON.stringify(options.vrrpRaw)}`];
  const machines = pairMachines({ vrrp: [`advert    ${options.advert ?? '100ms'}`, 'version   3', ...raw] })
    .replace('lb2 priority 100', `lb2 priority ${options.lb2Priority ?? 100}`)
    .replace('10.99.0.11/24', options.lb1Address ?? '10.99.0.11/24');
  return `${machines}
${pairApp(['server web1 10.99.0.21:8080 run demo', 'server web2 10.99.0.22:8080 run demo', ...(options.servers ?? [])], options.frontendDefault)}`;
}

const WEB3 = 'server web3 10.99.0.23:8080 run demo';

/** One GET to the VIP from the client namespace (curl, 2 s at most): the body, or '' on failure. */
function getViaVip(session: HaSession): Promise<string> {
  return new Promise((resolve) => {
    execFile('ip', ['netns', 'exec', session.clientNs, 'curl', '-s', '-m', '2', `http://${VIP}:8080/`], { timeout: 5000, encoding: 'utf8' }, (error, stdout) => resolve(error ? '' : stdout.trim()));
  });
}

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Rewrites the file and waits (15 s at most) for the watcher's next reload report. */
async function save(session: HaSession, file: string, text: string): Promise<PairReloadReport> {
  const before = session.reloads.length;
  writeFileSync(file, text);
  await waitFor('the reload after the save', () => session.reloads.length > before, 15_000);
  return session.reloads[before];
}

const serverNames = async (socket: string) => (await showStat(socket)).filter((r) => r.proxy === 'app' && r.name !== 'BACKEND').map((r) => r.name);

const missing = !isRoot() ? 'not root (network namespaces need root)' : !findKeepalived(process.env) ? 'keepalived is not installed' : !findHaproxy(process.env) ? 'haproxy is not installed' : undefined;

let session: HaSession | undefined;
let file = '';
let dir = '';
const io = captureIo();

if (missing) {
  test(`HA pair reload (SKIPPED: ${missing})`, () => console.log(`  SKIPPED test/run/ha-reload.test.ts: ${missing}`));
} else {
  test('a save adding a server and changing VRRP settings reloads both haproxys (SIGUSR2) and keepalived (SIGHUP); the VIP stays on lb1', async () => {
    ({ dir, file } = tempLb('pair.lb', pairFile()));
    const started = await HaSession.start({ file, view: false, watch: true, startTimeoutMs: 15_000 }, io);
    if (!started.ok) throw new Error(`the HA pair did not start:\n${io.text()}`);
    session = started.session;
    const s = session;
    assert.equal(await s.vipHolders(), ['lb1']);
    const keepalivedPids = s.nodes.map((n) => n.keepalived!.pid);
    const masters = s.nodes.map((n) => n.haproxy!.master.pid);
    const workers = await Promise.all(s.nodes.map((n) => workerPid(n.statsSocket)));
    for (const n of s.nodes) assert.equal(await serverNames(n.statsSocket), ['web1', 'web2']);

    // Requests keep going to the VIP during the reload: none may go unanswered.
    let during = 0;
    let failedDuring = 0;
    let loading = true;
    const loop = (async () => {
      while (loading) {
        during++;
        if ((await getViaVip(s)) === '') failedDuring++;
      }
    })();
    const report = await save(s, file, pairFile({ servers: [WEB3], advert: '200ms' }));
    await sleep(500);
    loading = false;
    await loop;
    console.log(`    reload: ${JSON.stringify(report.hosts.map((h) => ({ host: h.host, haproxyMs: h.haproxyMs, keepalivedMs: h.keepalivedMs })))}; ${failedDuring} of ${during} requests to the VIP failed meanwhile`);
    assert.is(report.outcome, 'reloaded', io.text());
    assert.equal(report.started, ['app/web3']);
    assert.equal(report.hosts.map((h) => h.host), ['lb1', 'lb2']);
    for (const h of report.hosts) {
      assert.ok(h.haproxyMs !== undefined, `${h.host}: haproxy reloaded`);
      assert.ok(h.keepalivedMs !== undefined, `${h.host}: keepalived reloaded (its log said Reload complete)`);
      assert.equal(h.failed, []);
    }
    assert.match(io.text(), /lb1: haproxy reloaded in \d+ ms, keepalived reloaded in \d+ ms/);
    assert.match(io.text(), /lb2: haproxy reloaded in \d+ ms, keepalived reloaded in \d+ ms/);
    assert.is(failedDuring, 0, 'no request to the VIP failed during the reload');

    // Both haproxys have the new server (the same master, a new worker)...
    for (const [i, n] of s.nodes.entries()) {
      assert.equal(await serverNames(n.statsSocket), ['web1', 'web2', 'web3'], `${n.node.host}'s haproxy has web3`);
      assert.is(n.haproxy!.master.pid, masters[i], 'same haproxy master');
      assert.is.not(await workerPid(n.statsSocket), workers[i], 'a new worker');
      assert.is(n.keepalived!.pid, keepalivedPids[i], 'same keepalived process');
      assert.match(n.log, 'Reload complete');
    }
    assert.equal(alive(keepalivedPids as number[]), keepalivedPids);
    // ...it answers through the VIP, which stayed on lb1.
    const bodies = new Set<string>();
    for (let i = 0; i < 30 && !bodies.has('server web3 port 8080'); i++) bodies.add(await getViaVip(s));
    assert.ok(bodies.has('server web3 port 8080'), `web3 answered through the VIP: ${[...bodies].join(' | ')}`);
    assert.equal(await s.vipHolders(), ['lb1'], 'the VIP stayed on lb1');
    assert.is(s.nodes[0].state, 'MASTER');
    assert.equal(readFileSync(`${s.nodes[0].dir}/keepalived.conf`, 'utf8').match(/advert_int \S+/)?.[0], 'advert_int 0.2');

    // A keepalived setting only a reload can have applied: lb2's priority above lb1's moves the VIP (preempt),
    // with the same keepalived processes.
    const raised = await save(s, file, pairFile({ servers: [WEB3], advert: '200ms', lb2Priority: 200 }));
    assert.is(raised.outcome, 'reloaded');
    // Both keepalived.conf change (lb1's initial state becomes BACKUP, lb2's MASTER); no haproxy.cfg does.
    for (const h of raised.hosts) {
      assert.ok(h.keepalivedMs !== undefined, `${h.host}: keepalived reloaded`);
      assert.is(h.haproxyMs, undefined, `${h.host}: haproxy.cfg unchanged, haproxy not reloaded`);
    }
    await waitFor('the VIP to move to lb2 (priority 200)', async () => JSON.stringify(await s.vipHolders()) === '["lb2"]', 5000);
    assert.equal(s.nodes.map((n) => n.keepalived!.pid), keepalivedPids);
  });

  test('a save with an error prints the diagnostic and leaves both nodes running the previous configuration', async () => {
    const s = session!;
    const workers = await Promise.all(s.nodes.map((n) => workerPid(n.statsSocket)));
    const configs = s.nodes.map((n) => readFileSync(`${n.dir}/haproxy.cfg`, 'utf8'));
    const printed = io.text().length;
    const report = await save(s, file, pairFile({ servers: [WEB3, 'server web4 10.99.0.24:8080 run demo'], frontendDefault: 'nosuch' }));
    assert.is(report.outcome, 'rejected');
    const said = io.text().slice(printed);
    assert.match(said, /error/);
    assert.match(said, 'nosuch');
    assert.match(said, 'the pair keeps running the previous configuration');
    for (const [i, n] of s.nodes.entries()) {
      assert.is(await workerPid(n.statsSocket), workers[i], `${n.node.host}: not reloaded`);
      assert.equal(await serverNames(n.statsSocket), ['web1', 'web2', 'web3']);
      assert.is(readFileSync(`${n.dir}/haproxy.cfg`, 'utf8'), configs[i]);
      assert.equal(readdirSync(n.dir).filter((f) => f.endsWith('.next')), [], 'no candidate file left');
    }
    assert.ok((await getViaVip(s)).startsWith('server web'), 'the VIP still answers');
  });

  test('a save whose files haproxy -c or keepalived -t rejects changes nothing on either node', async () => {
    const s = session!;
    const workers = await Promise.all(s.nodes.map((n) => workerPid(n.statsSocket)));
    const keepalivedReloads = s.nodes.map((n) => n.keepalivedReloads);
    const good = { servers: [WEB3], advert: '200ms', lb2Priority: 200 };
    for (const [bad, tool, message] of [
      [pairFile({ ...good, servers: [WEB3, 'raw "frobnicate 1"'] }), 'haproxy -c', 'frobnicate'],
      [pairFile({ ...good, vrrpRaw: 'advert_intt 1' }), 'keepalived -t', 'advert_intt'],
    ] as const) {
      const printed = io.text().length;
      const report = await save(s, file, bad);
      assert.is(report.outcome, 'rejected', tool);
      const said = io.text().slice(printed);
      assert.match(said, `${tool} rejected the generated`);
      assert.match(said, message);
      assert.match(said, /pair\.lb:\d+: /, 'the message points at the .lb line');
      assert.match(said, 'the pair keeps running the previous one');
    }
    for (const [i, n] of s.nodes.entries()) {
      assert.is(await workerPid(n.statsSocket), workers[i], `${n.node.host}: haproxy not reloaded`);
      assert.is(n.keepalivedReloads, keepalivedReloads[i], `${n.node.host}: keepalived not reloaded`);
      assert.not.match(readFileSync(`${n.dir}/keepalived.conf`, 'utf8'), 'advert_intt');
      assert.equal(readdirSync(n.dir).filter((f) => f.endsWith('.next')), [], 'no candidate file left');
    }
  });

  test('a change the pair cannot reload (an interface address) says to restart lb run and changes nothing', async () => {
    const s = session!;
    const workers = await Promise.all(s.nodes.map((n) => workerPid(n.statsSocket)));
    const holders = await s.vipHolders();
    const printed = io.text().length;
    const report = await save(s, file, pairFile({ servers: [WEB3], lb2Priority: 200, advert: '200ms', lb1Address: '10.99.0.13/24' }));
    assert.is(report.outcome, 'restart');
    const said = io.text().slice(printed);
    assert.match(said, "restart lb run to apply: host lb1's interface changed (eth1 10.99.0.11/24 -> eth1 10.99.0.13/24)");
    for (const [i, n] of s.nodes.entries()) assert.is(await workerPid(n.statsSocket), workers[i], `${n.node.host}: not reloaded`);
    assert.equal(await s.vipHolders(), holders);
    assert.ok((await getViaVip(s)).startsWith('server web'), 'the VIP still answers');
  });

  test('nothing is left behind after stop', async () => {
    const s = session!;
    const pids = [...s.children.started];
    await s.stop();
    assert.equal(listNamespaces().filter((n) => n.startsWith(`lbr-${s.id}-`)), []);
    assert.equal(await gone(pids), []);
    assert.not.ok(existsSync(s.dir));
  });
}

test.after(async () => {
  await session?.stop();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

test.run();
