/**
 * `lb run` for real, on loopback only: demo servers and haproxy started by the run module, client load from this
 * process. Bounded (every wait has a limit, at most ~15 s of load per test) and always cleaned up: each test stops
 * its session in `finally`, the run module kills what is left on process exit, and the last test asserts that no
 * process a run started is still alive and no temporary directory is left.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reapStaleRuns } from '../../packages/dsl/src/node/run/children.ts';
import { findHaproxy } from '../../packages/dsl/src/node/run/haproxy.ts';
import { RunSession } from '../../packages/dsl/src/node/run/session.ts';
import { alive, captureIo, freePorts, get, gone, load, sleep, tempLb } from './helpers.ts';

const haproxy = findHaproxy(process.env);
const sessions: RunSession[] = [];
const dirs: string[] = [];

async function startRun(file: string, watch = false): Promise<{ session: RunSession; io: ReturnType<typeof captureIo> }> {
  const io = captureIo();
  const started = await RunSession.start({ file, watch, view: false, startTimeoutMs: 10_000 }, io);
  if (!started.ok) throw new Error(`lb run did not start:\n${io.text()}`);
  sessions.push(started.session);
  return { session: started.session, io };
}

/** case1-roundrobin.lb with its fixed ports moved to free ones (other suites use the fixed ones). */
async function case1(): Promise<{ file: string; front: number; stats: number; app: number }> {
  const [front, stats, app] = [...(await freePorts(1)), ...(await freePorts(1)), (await freePorts(2))[0]];
  const text = readFileSync('examples/case1-roundrobin.lb', 'utf8')
    .replace('let app_port = 8080', `let app_port = ${app}`)
    .replace('bind    *:5000', `bind    127.0.0.1:${front}`)
    .replace('127.0.0.1:3000', `127.0.0.1:${stats}`);
  assert.match(text, `app_port = ${app}`);
  assert.match(text, `127.0.0.1:${front}`);
  const { dir, file } = tempLb('case1.lb', text);
  dirs.push(dir);
  return { file, front, stats, app };
}

/** A backend of `count` demo servers with lb's default health timing. */
function pool(front: number, ports: number[]): string {
  return `defaults {
  mode http
  timeout connect 1s, client 10s, server 10s
}
backend app {
  health http "/"
${ports.map((p, i) => `  server s${i + 1} 127.0.0.1:${p} run demo`).join('\n')}
}
frontend web {
  bind 127.0.0.1:${front}
  default app
}
`;
}

if (!haproxy) {
  test('lb run (skipped: haproxy is not installed)', () => console.log('  SKIPPED: no haproxy on PATH or in /usr/sbin'));
} else {
  test('case 1 through lb run: weighted round robin 4:2 from the demo servers; stats page refuses without auth', async () => {
    const c = await case1();
    const { session } = await startRun(c.file);
    try {
      assert.is(session.plan.servers.length, 2);
      const counts: Record<string, number> = {};
      for (let i = 0; i < 60; i++) {
        const r = await get(c.front);
        assert.is(r.status, 200, `request ${i}: ${r.status} ${r.body}`);
        counts[r.body.trim()] = (counts[r.body.trim()] ?? 0) + 1;
      }
      console.log('    case 1 over 60 requests:', counts);
      assert.equal(counts, { [`server server01 port ${c.app}`]: 40, [`server server02 port ${c.app + 1}`]: 20 });

      assert.is((await get(c.stats, '/')).status, 401, 'the stats page must refuse a request without credentials');
      const wrong = await get(c.stats, '/', { authorization: `Basic ${Buffer.from('someuser:nope').toString('base64')}` });
      assert.is(wrong.status, 401);
      // STATS_PASSWORD is not in the run's environment: the example's default applies.
      const right = await get(c.stats, '/', { authorization: `Basic ${Buffer.from('someuser:change-me').toString('base64')}` });
      assert.is(right.status, 200);

      await session.refresh();
      const servers = session.rows.filter((r) => r.proxy === 'application_nodes' && r.name.startsWith('server'));
      assert.equal(servers.map((r) => [r.name, r.status.split(' ')[0], r.requests]), [['server01', 'UP', 40], ['server02', 'UP', 20]]);
    } finally {
      await session.stop();
    }
  });

  test('a server killed under a steady load: zero failed requests', async () => {
    const [front] = await freePorts(1);
    const ports = await freePorts(3);
    const { dir, file } = tempLb('pool.lb', pool(front, ports));
    dirs.push(dir);
    const { session } = await startRun(file);
    try {
      let kill: Promise<unknown> | undefined;
      let resolveKilled: (v: unknown) => void = () => {};
      const killed = new Promise((r) => (resolveKilled = r));
      const result = await load(front, {
        minRequests: 1000, concurrency: 4, maxMs: 15_000, until: killed,
        onProgress: (sent) => {
          if (sent === 300 && !kill) {
            kill = session.killServer('s2').then((r) => {
              resolveKilled(r);
              return r;
            });
          }
        },
      });
      const report = await kill;
      assert.ok(report && typeof report === 'object', `the kill did not happen: ${String(report)}`);
      const k = report as { downAfterMs?: number; retries: number; redispatches: number; failedResponses: number };
      console.log(`    ${result.sent} requests in ${result.ms} ms at concurrency 4; failed: ${result.failed.length}; s2 DOWN after ${k.downAfterMs} ms; haproxy retries ${k.retries}, redispatches ${k.redispatches}; 5xx to clients ${k.failedResponses}`);
      assert.ok(result.sent >= 1000);
      assert.equal(result.failed.slice(0, 5), [], `${result.failed.length} requests failed`);
      assert.ok(k.downAfterMs !== undefined && k.downAfterMs < 5000, `s2 was not marked DOWN in time (${k.downAfterMs})`);
      assert.is(k.failedResponses, 0);
      // The survivors carried the load after the kill.
      assert.ok((result.byBody.get(`server s1 port ${ports[0]}`) ?? 0) > 300);
      assert.ok((result.byBody.get(`server s3 port ${ports[2]}`) ?? 0) > 300);
    } finally {
      await session.stop();
    }
  });

  test('the same kill without retries (retries 0): clients do see failures, so the test above can fail', async () => {
    const [front] = await freePorts(1);
    const ports = await freePorts(3);
    const { dir, file } = tempLb('fragile.lb', pool(front, ports).replace('  health http "/"', '  health http "/"\n  retries 0'));
    dirs.push(dir);
    const { session } = await startRun(file);
    try {
      let kill: Promise<unknown> | undefined;
      const result = await load(front, {
        minRequests: 600, concurrency: 4, maxMs: 10_000,
        onProgress: (sent) => {
          if (sent === 100 && !kill) kill = session.killServer('s2');
        },
      });
      await kill;
      console.log(`    without retries: ${result.failed.length} of ${result.sent} requests failed`);
      assert.ok(result.failed.length > 0, 'with retries 0 a killed server must cost requests');
    } finally {
      await session.stop();
    }
  });

  test('the file edited during a load (a server added): reload, zero failed requests, the new server gets traffic', async () => {
    const [front] = await freePorts(1);
    const ports = await freePorts(3);
    const { dir, file } = tempLb('grow.lb', pool(front, ports.slice(0, 2)));
    dirs.push(dir);
    const { session } = await startRun(file, true);
    try {
      let edited = false;
      const newServer = `server s3 port ${ports[2]}`;
      let resolveSeen: (v: unknown) => void = () => {};
      const seen = new Promise((r) => (resolveSeen = r));
      const result = await load(front, {
        minRequests: 1000, concurrency: 4, maxMs: 15_000, until: seen,
        onProgress: (sent, response) => {
          if (sent === 200 && !edited) {
            edited = true;
            writeFileSync(file, pool(front, ports));
          }
          // Keep the load going a while after the new server first answered.
          if (response.body.trim() === newServer) setTimeout(() => resolveSeen(true), 1000);
        },
      });
      const s3 = result.byBody.get(newServer) ?? 0;
      console.log(`    ${result.sent} requests in ${result.ms} ms; failed: ${result.failed.length}; reloads: ${session.reloads}; answers from the new s3: ${s3}`);
      assert.is(session.reloads, 1, 'haproxy must have reloaded once');
      assert.equal(result.failed.slice(0, 5), [], `${result.failed.length} requests failed`);
      assert.ok(s3 > 50, `the new server got ${s3} requests`);
      assert.ok(session.plan.servers.some((s) => s.key === 'app/s3'));
      assert.ok(session.workerPids.length === 2, `one worker before and one after the reload: ${session.workerPids}`);
    } finally {
      await session.stop();
    }
  });

  test('an edit with an error keeps the running configuration and shows the diagnostic with its code frame', async () => {
    const [front] = await freePorts(1);
    const ports = await freePorts(1);
    const { dir, file } = tempLb('broken.lb', pool(front, ports));
    dirs.push(dir);
    const { session, io } = await startRun(file, true);
    try {
      writeFileSync(file, pool(front, ports).replace('default app', 'default ap'));
      const deadline = Date.now() + 5000;
      while (!/LB1003|unknown/i.test(io.text()) && Date.now() < deadline) await sleep(50);
      assert.match(io.text(), /broken\.lb:\d+:\d+/);
      assert.match(io.text(), /default ap/, 'the code frame shows the line');
      assert.match(io.text(), /keeps running the previous configuration/);
      assert.is(session.reloads, 0);
      assert.is((await get(front)).status, 200, 'the old configuration still serves');
    } finally {
      await session.stop();
    }
  });

  test('a port already taken: a clear error naming the process, and nothing left running', async () => {
    const [front] = await freePorts(1);
    const ports = await freePorts(1);
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(ports[0], '127.0.0.1', () => r()));
    const { dir, file } = tempLb('taken.lb', pool(front, ports));
    dirs.push(dir);
    try {
      const io = captureIo();
      const started = await RunSession.start({ file, watch: false, view: false }, io);
      assert.is(started.ok, false);
      assert.match(io.text(), `server app/s1 needs 127.0.0.1:${ports[0]}, which is already in use`);
      if (/by node/.test(io.text())) assert.match(io.text(), `by node (pid ${process.pid})`);
    } finally {
      blocker.close();
    }
  });

  test('after lb itself is killed, the next run stops what it left and removes its directory', async () => {
    const [front] = await freePorts(1);
    const ports = await freePorts(1);
    const { dir, file } = tempLb('crash.lb', pool(front, ports));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/run/crashing-run.ts', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let runDir = '';
    try {
      runDir = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the helper run did not start within 20 s')), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          const m = /ready (\S+)/.exec(d.toString());
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`the helper run exited with ${code}`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const orphans = readFileSync(join(runDir, 'pids'), 'utf8').split('\n').map(Number).filter((p) => p > 0);
      assert.ok(alive(orphans).length >= 2, 'haproxy and the server outlive a SIGKILLed lb');
      assert.is((await get(front)).status, 200);
      const reaped = reapStaleRuns(tmpdir());
      assert.ok(reaped >= 2, `reaped ${reaped}`);
      assert.equal(await gone(orphans), []);
      assert.not.ok(existsSync(runDir));
    } finally {
      child.kill('SIGKILL');
      if (runDir !== '' && existsSync(runDir)) reapStaleRuns(tmpdir());
    }
  });

  test('nothing is left behind: no haproxy or server process, no temporary directory', async () => {
    const pids = sessions.flatMap((s) => [...s.children.started, ...s.workerPids]);
    assert.ok(pids.length >= 10, `the tests started processes: ${pids.length}`);
    assert.equal(await gone(pids), [], 'processes left running');
    for (const s of sessions) assert.not.ok(existsSync(s.dir), `${s.dir} was not removed`);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
}

test.after(async () => {
  for (const s of sessions) await s.stop();
});

test.run();
