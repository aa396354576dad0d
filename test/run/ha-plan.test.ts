/** The parts of the HA pair run that need neither root nor processes: the pair plan, the free client address, the
 *  live view's VIP lines, the failover report's text, the `--failover` arguments, and which saves need a restart. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, compile, memoryFileSystem } from '../../packages/dsl/src/index.ts';
import { parseRunArgs } from '../../packages/dsl/src/cli/run-command.ts';
import { clientTarget, freeAddress, planPair, restartReason } from '../../packages/dsl/src/node/run/ha-plan.ts';
import { describeFailover, describeHostReload } from '../../packages/dsl/src/node/run/ha-session.ts';
import { renderPair } from '../../packages/dsl/src/node/run/ha-view.ts';
import { runIdOf } from '../../packages/dsl/src/node/run/netns.ts';
import { parseCidr, parseIp } from '../../packages/dsl/src/model/values.ts';
import { pairMachines } from './pair.ts';

// lb1 has a second interface: the plan must pick the one in the VIP's subnet.
const source = `${pairMachines({ lb1: ['interface eth0 192.168.5.1/24'] })}
defaults { mode http; timeout connect 1s, client 1s, server 1s }
backend app {
  server a 10.99.0.21:8080 run demo
  server b 10.99.0.22:8080 run "python3 app.py $PORT"
  server c 127.0.0.1:9000 run demo
  server d 172.16.0.9:80 run demo
  server e 10.99.0.23:8080
}
frontend www { bind 10.99.0.100:8080; default app }
frontend any { bind *:8081; default app }
frontend local { bind 127.0.0.1:8082; default app }
`;
const files = (text: string) => ({ fs: memoryFileSystem({ 'main.lb': text }), env: {} });

function plan(text: string) {
  const compiled = compile('main.lb', files(text));
  assert.ok(compiled.ok, compiled.diagnostics.map((d) => d.message).join('\n'));
  return planPair(check('main.lb', files(text)).model, compiled.outputs);
}

test('the pair plan: members with the vrrp interface and address, VIP, client, app and loopback servers', () => {
  const r = plan(source);
  assert.ok(r.ok, r.ok ? '' : r.problem);
  if (!r.ok) return;
  const p = r.plan;
  assert.equal(p.nodes.map((n) => [n.host, n.iface, n.address, n.haproxy.path, n.keepalived.path]), [
    ['lb1', 'eth1', '10.99.0.11/24', 'lb1/haproxy.cfg', 'lb1/keepalived.conf'],
    ['lb2', 'eth1', '10.99.0.12/24', 'lb2/haproxy.cfg', 'lb2/keepalived.conf'],
  ]);
  assert.equal(p.vips, [{ vrrp: 'web', ip: '10.99.0.100', cidr: '10.99.0.100/24' }]);
  assert.equal(p.client, { iface: 'eth1', address: '10.99.0.254/24', ip: '10.99.0.254' });
  assert.equal(p.app.addresses, ['10.99.0.21/24', '10.99.0.22/24']);
  assert.equal(p.app.servers.map((s) => s.key), ['app/a', 'app/b']);
  assert.equal(p.loopback.map((s) => `${s.key} ${s.host}:${s.port}`), ['app/c 127.0.0.1:9000']);
  assert.equal(p.notStarted, [{ key: 'app/d', address: '172.16.0.9:80' }]);
  // Through the VIP for the VIP bind and the wildcard; the loopback bind stays loopback.
  assert.equal(p.frontends.map((f) => f.url), ['http://10.99.0.100:8080/', 'http://10.99.0.100:8081/', 'http://127.0.0.1:8082/']);
  assert.equal(clientTarget(p), { ip: '10.99.0.100', port: 8080, url: 'http://10.99.0.100:8080/' });
});

test('the pair plan refuses a member without an address on the vrrp interface, and missing outputs, with the fix', () => {
  const compiled = compile('main.lb', files(source));
  const model = check('main.lb', files(source)).model;
  model.hosts[1].interfaces = [{ ...model.hosts[1].interfaces[0], address: undefined }];
  const noAddress = planPair(model, compiled.outputs);
  assert.not.ok(noAddress.ok);
  if (!noAddress.ok) assert.match(noAddress.problem, /host lb2 has no address on the interface of vrrp web: write `interface eth1 ADDRESS\/PREFIX` in host lb2/);
  const noFiles = planPair(check('main.lb', files(source)).model, compiled.outputs.filter((o) => o.host !== 'lb2'));
  assert.not.ok(noFiles.ok);
  if (!noFiles.ok) assert.match(noFiles.problem, /for host lb2/);
});

test('the client address: the highest free one in the subnet', () => {
  const net = parseCidr('10.0.0.1/24')!;
  assert.is(freeAddress(net, [])?.text, '10.0.0.254');
  assert.is(freeAddress(net, [parseIp('10.0.0.254')!, parseIp('10.0.0.253')!])?.text, '10.0.0.252');
  assert.is(freeAddress(parseCidr('10.0.0.1/31')!, []), undefined);
  assert.is(freeAddress(parseCidr('10.0.0.1/30')!, [parseIp('10.0.0.1')!])?.text, '10.0.0.2');
});

test('namespace names carry the run id; only lb-shaped names are recognised', () => {
  assert.is(runIdOf('lbr-Ab12cd-lb1'), 'Ab12cd');
  assert.is(runIdOf('lbr-Ab12cd-client'), 'Ab12cd');
  assert.is(runIdOf('lbsw'), undefined);
  assert.is(runIdOf('other-lbr-Ab12cd-x'), undefined);
});

test('the live view says where the VIP is, and a split brain', () => {
  const node = (host: string, holdsVip: boolean, state: string, linkUp = true) => ({ host, ns: `lbr-x-${host}`, iface: 'eth1', address: '10.0.0.1/24', linkUp, state, holdsVip, requests: 3, http5xx: 0 });
  const lines = renderPair({ vips: [{ ip: '10.0.0.100', holders: ['lb2'] }], nodes: [node('lb1', false, 'FAULT', false), node('lb2', true, 'MASTER')], color: false });
  assert.is(lines[0], 'VIP 10.0.0.100 on lb2');
  assert.match(lines[1], /lb1 .* link DOWN +FAULT/);
  assert.match(lines[2], /lb2 .* link up +MASTER +VIP/);
  assert.is(renderPair({ vips: [{ ip: '10.0.0.100', holders: ['lb1', 'lb2'] }], nodes: [], color: false })[0], 'VIP 10.0.0.100 on lb1 AND lb2 (split brain)');
  assert.is(renderPair({ vips: [{ ip: '10.0.0.100', holders: [] }], nodes: [], color: false })[0], 'VIP 10.0.0.100 on no node');
});

test('which saves a running pair reloads, and which need a restart (with why)', () => {
  const planned = (text: string) => {
    const r = plan(text);
    assert.ok(r.ok, r.ok ? '' : r.problem);
    return r.ok ? r.plan : undefined!;
  };
  const running = planned(source);
  const reloadable = [
    source.replace('server e 10.99.0.23:8080', 'server e 10.99.0.23:8080\n  server f 10.99.0.21:8081 run demo'),
    source.replace('priority 150', 'priority 120'),
    source.replaceAll('10.99.0.100', '10.99.0.101'),
    source.replace('server c 127.0.0.1:9000 run demo', ''),
  ];
  for (const text of reloadable) assert.is(restartReason(running, planned(text)), undefined, text);
  const restart: [string, string][] = [
    [source.replace('10.99.0.12/24', '10.99.0.13/24'), "host lb2's interface changed (eth1 10.99.0.12/24 -> eth1 10.99.0.13/24)"],
    [source.replace('10.99.0.100/24', '10.99.0.100/25'), "the VIP's subnet changed (10.99.0.0/24 -> 10.99.0.0/25)"],
    [`host lb3 {\n  interface eth1 10.99.0.13/24\n  roles lb\n  nonlocal-bind\n}\n${source.replace('lb2 priority 100', 'lb2 priority 100, lb3 priority 50')}`, 'the VRRP members changed (lb1, lb2 -> lb1, lb2, lb3)'],
    [source.replaceAll('10.99.0.100', '10.99.0.254'), "the client's address would change (10.99.0.254/24 -> 10.99.0.253/24), since the file now uses 10.99.0.254"],
  ];
  for (const [text, why] of restart) assert.is(restartReason(running, planned(text)), why);
  const noApp = planned(source.replace(/run demo|run "python3 app.py \$PORT"/g, ''));
  assert.is(restartReason(noApp, running), 'a server in the subnet needs the app namespace, which this run did not create');
});

test('what a save reloaded, one line per node', () => {
  assert.is(describeHostReload({ host: 'lb1', haproxyMs: 120, keepalivedMs: 6, failed: [] }), 'lb1: haproxy reloaded in 120 ms, keepalived reloaded in 6 ms');
  assert.is(describeHostReload({ host: 'lb2', keepalivedMs: 5, failed: [] }), 'lb2: keepalived reloaded in 5 ms');
  assert.is(describeHostReload({ host: 'lb2', failed: [] }), 'lb2: nothing to reload (its files did not change)');
});

test('the failover report in words', () => {
  const client = { sent: 100, ok: 96, noAnswer: 3, http5xx: 1, other: 0, errors: {}, firstFailAt: 1000, lastFailAt: 1250, ms: 2000 };
  assert.is(
    describeFailover({ host: 'lb1', from: 'lb1', to: 'lb2', moveMs: 330, target: 'http://10.0.0.100:80/', client }, '10.0.0.100'),
    'failover of lb1 (link down): the VIP 10.0.0.100 moved from lb1 to lb2 in 330 ms; 4 of 100 requests to http://10.0.0.100:80/ failed (3 without an answer, 1 5xx), failures over 250 ms',
  );
  assert.match(describeFailover({ host: 'lb2', from: 'lb1', to: 'lb1' }, 'v'), /lb2 did not hold the VIP \(lb1 did\): nothing had to move; no http frontend/);
  assert.match(describeFailover({ host: 'lb1', from: 'lb1' }, 'v'), /did not move to another node within the limit/);
});

test('--failover on the command line', () => {
  const ok = parseRunArgs(['a.lb', '--failover', 'lb1', '--after', '3s']);
  assert.ok(ok.ok && 'args' in ok);
  if (ok.ok && 'args' in ok) assert.equal(ok.args, { file: 'a.lb', failover: 'lb1', afterMs: 3000, watch: true, view: true });
  const bad = (argv: string[], message: RegExp) => {
    const r = parseRunArgs(argv);
    assert.ok(!r.ok, argv.join(' '));
    if (!r.ok) assert.match(r.message, message);
  };
  bad(['a.lb', '--failover'], /needs a value/);
  bad(['a.lb', '--failover', 'lb1', '--kill', 's1'], /cannot be combined/);
  bad(['a.lb', '--failover', 'lb1', '--host', 'lb2'], /--host/);
  bad(['a.lb', '--after', '1s'], /--failover HOST/);
});

test.run();
