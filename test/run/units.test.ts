/** The parts of `lb run` that need no process: the `run` server option, the run plan, the adapted configuration,
 *  `show stat` parsing, the live view's text and the command line. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, compile, memoryFileSystem } from '../../packages/dsl/src/index.ts';
import { parseRunArgs } from '../../packages/dsl/src/cli/run-command.ts';
import { renderView } from '../../packages/dsl/src/node/run/live-view.ts';
import { localConfig } from '../../packages/dsl/src/node/run/local-config.ts';
import { findServer, planRun } from '../../packages/dsl/src/node/run/plan.ts';
import { parseShowStat } from '../../packages/dsl/src/node/run/stats.ts';

const source = `defaults { mode http; timeout connect 1s, client 1s, server 1s }
backend app {
  server a 127.0.0.1:9001 run demo weight 3
  server b 127.0.0.1:9002 run "python3 app.py $PORT"
  server c 10.0.0.3:9003 run demo
  server d 127.0.0.1:9004
}
frontend web { bind *:8000; default app }
stats { bind 127.0.0.1:8404; auth admin secret(env("P", "x")) }
`;
const files = (text: string) => ({ fs: memoryFileSystem({ 'main.lb': text }), env: {} });

test('run demo and run "COMMAND" on servers reach the model; the generated file is unchanged by them', () => {
  const { model, diagnostics } = check('main.lb', files(source));
  assert.equal(diagnostics.filter((d) => d.severity === 'error'), []);
  const [a, b, c, d] = model.backends[0].servers;
  assert.is(a.run?.kind, 'demo');
  assert.is(a.weight, 3, 'options after run are still read');
  assert.equal(b.run && b.run.kind === 'command' ? b.run.command : undefined, 'python3 app.py $PORT');
  assert.is(c.run?.kind, 'demo');
  assert.is(d.run, undefined);
  const withRun = compile('main.lb', files(source)).outputs.find((o) => o.path === 'haproxy.cfg')!.text;
  const without = compile('main.lb', files(source.replace(/ run (demo|"[^"]*")/g, ''))).outputs.find((o) => o.path === 'haproxy.cfg')!.text;
  assert.is(withRun, without);
});

test('run: errors for a bad argument, a missing one, and in server-defaults', () => {
  const bad = check('main.lb', files('backend app {\n  server a 127.0.0.1:1 run 42\n}\n')).diagnostics;
  const wrong = bad.find((d) => d.code === 'LB1005');
  assert.ok(wrong, JSON.stringify(bad));
  assert.match(wrong.message, 'demo');
  const missing = check('main.lb', files('backend app {\n  server a 127.0.0.1:1 run\n}\n')).diagnostics;
  assert.ok(missing.some((d) => d.code === 'LB1008'), JSON.stringify(missing));
  const empty = check('main.lb', files('backend app {\n  server a 127.0.0.1:1 run "  "\n}\n')).diagnostics;
  assert.ok(empty.some((d) => d.code === 'LB1006' && /empty/.test(d.message)), JSON.stringify(empty));
  const defaults = check('main.lb', files('backend app {\n  server-defaults run demo\n  server a 127.0.0.1:1\n}\n')).diagnostics;
  assert.ok(defaults.some((d) => d.code === 'LB1002' || d.code === 'LB1008'), JSON.stringify(defaults));
});

test('plan: loopback servers with run are started, others are listed; URLs of frontends and the stats page', () => {
  const plan = planRun(check('main.lb', files(source)).model);
  assert.equal(plan.servers.map((s) => [s.key, s.host, s.port, s.run.kind]), [['app/a', '127.0.0.1', 9001, 'demo'], ['app/b', '127.0.0.1', 9002, 'command']]);
  assert.equal(plan.notLocal, [{ key: 'app/c', address: '10.0.0.3:9003' }]);
  assert.equal(plan.frontends.map((f) => f.url), ['http://127.0.0.1:8000/']);
  assert.equal(plan.stats.map((s) => [s.url, s.users]), [['http://127.0.0.1:8404/stats', ['admin']]]);
  assert.is((findServer(plan, 'a') as { key: string }).key, 'app/a');
  assert.is((findServer(plan, 'app/b') as { key: string }).key, 'app/b');
  assert.match(findServer(plan, 'c') as string, "no server 'c'");
});

test('the local configuration: a stats socket first in global, no daemon/user/group/chroot, source map shifted', () => {
  const text = 'global\n    maxconn 10\n    user haproxy\n    daemon\n\ndefaults base\n    mode http\n';
  const map = text.split('\n').map((_, i) => ({ file: 'main.lb', start: i, end: i }));
  const local = localConfig({ path: 'haproxy.cfg', target: 'haproxy', text, map, secret: false }, '/tmp/x/admin.sock');
  assert.is(local.file.text, 'global\n    stats socket /tmp/x/admin.sock mode 600 level admin\n    maxconn 10\n\ndefaults base\n    mode http\n');
  assert.equal(local.dropped, ['user haproxy', 'daemon']);
  assert.is(local.file.map.length, local.file.text.split('\n').length);
  assert.is(local.file.map[2]?.start, 1, 'maxconn keeps its source line');
  assert.is(local.file.map[1], null);
});

/** haproxy 2.6's first columns of `show stat` (the real header is longer; only names matter). */
const COLUMNS = 'pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,addr,mode'.split(',');
const line = (values: Record<string, string | number>) => COLUMNS.map((c) => String(values[c] ?? '')).join(',');
const SHOW_STAT = [
  `# ${COLUMNS.join(',')}`,
  line({ pxname: 'web', svname: 'FRONTEND', scur: 2, stot: 9, ereq: 1, status: 'OPEN', hrsp_5xx: 1, req_tot: 90, mode: 'http' }),
  line({ pxname: 'app', svname: 'a', scur: 1, stot: 60, econ: 2, eresp: 1, status: 'UP', check_status: '* L7OK', req_tot: 58, addr: '127.0.0.1:9001', mode: 'http' }),
  line({ pxname: 'app', svname: 'b', stot: 30, status: 'DOWN', check_status: 'L4CON', req_tot: 30, addr: '127.0.0.1:9002', mode: 'http' }),
  line({ pxname: 'app', svname: 'BACKEND', scur: 1, stot: 90, econ: 2, eresp: 1, wretr: 3, wredis: 4, status: 'UP', req_tot: 88, mode: 'http' }),
  line({ pxname: 'db', svname: 'BACKEND', stot: 7, status: 'UP', req_tot: '', mode: 'tcp' }),
  '',
].join('\n');

test('show stat: parsed by column name; the live view shows states, counts and local processes', () => {
  const rows = parseShowStat(SHOW_STAT);
  assert.equal(rows.map((r) => [r.proxy, r.name, r.status, r.current, r.requests, r.errors, r.check]), [
    ['web', 'FRONTEND', 'OPEN', 2, 90, 1, ''],
    ['app', 'a', 'UP', 1, 58, 3, 'L7OK'],
    ['app', 'b', 'DOWN', 0, 30, 0, 'L4CON'],
    ['app', 'BACKEND', 'UP', 1, 88, 3, ''],
    ['db', 'BACKEND', 'UP', 0, 7, 0, ''],
  ]);
  assert.is(rows[3].retries, 3);
  assert.is(rows[3].redispatches, 4);
  const plan = planRun(check('main.lb', files(source)).model);
  const lines = renderView({ title: 'T', rows: rows.slice(0, 4), plan, local: new Map([['app/a', '(demo, pid 7)']]), events: ['E'], color: false });
  assert.is(lines[0], 'T');
  assert.match(lines[1], /^frontend web +OPEN sessions 2 +requests 90 .*http:\/\/127\.0\.0\.1:8000\//);
  assert.match(lines[2], /^backend  app +UP +retries 3  redispatched 4/);
  assert.match(lines[3], /^  a +127\.0\.0\.1:9001 +UP +L7OK +cur 1 +req 58 +err 3 +\(demo, pid 7\)$/);
  assert.match(lines[4], /^  b +127\.0\.0\.1:9002 +DOWN +L4CON/);
  assert.match(lines.join('\n'), 'stats    http://127.0.0.1:8404/stats (user admin)');
  const colored = renderView({ title: 'T', rows, plan, local: new Map(), events: [], color: true }).join('\n');
  assert.match(colored, '\u001b[31mDOWN\u001b[0m');
  assert.match(colored, '\u001b[32mUP\u001b[0m');
});

test('command line: FILE, --kill with --after, --host, --no-watch, and usage errors', () => {
  const ok = parseRunArgs(['a.lb', '--kill', 'app/s1', '--after', '2s', '--no-watch', '--host', 'lb1']);
  assert.ok(ok.ok && 'args' in ok);
  if (ok.ok && 'args' in ok) assert.equal(ok.args, { file: 'a.lb', afterMs: 2000, watch: false, view: true, kill: 'app/s1', host: 'lb1' });
  const bad = (argv: string[], message: RegExp) => {
    const r = parseRunArgs(argv);
    assert.ok(!r.ok, argv.join(' '));
    if (!r.ok) assert.match(r.message, message);
  };
  bad([], /one \.lb file/);
  bad(['a.lb', 'b.lb'], /one \.lb file, got 2/);
  bad(['a.lb', '--after', '2s'], /goes with '--kill/);
  bad(['a.lb', '--kill', 's', '--after', 'soon'], /duration/);
  bad(['a.lb', '--kill'], /needs a value/);
  bad(['a.lb', '--fast'], /unknown option '--fast'/);
  const help = parseRunArgs(['--help']);
  assert.ok(help.ok && 'help' in help);
});

test.run();
