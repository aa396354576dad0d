import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChecks } from '../../packages/dsl/src/checks/index.ts';
import { backend, bind, cluster, frontend, host, node, ref, server, stats, vrrp } from '../helpers/model-builders.ts';
import { expectNone, expectOne, withCode } from './expect.ts';
import { haPairModel, webModel } from './scenarios.ts';

const app = () => backend('app', { servers: [server('app1', '127.0.0.1:8080')] });

// ---------- LB2001 duplicate bind ----------

test('LB2001: two frontends bind the same address', () => {
  const first = bind('*:9000');
  const second = bind('*:9000');
  const d = runChecks(webModel({
    backends: [app()],
    frontends: [frontend('a', { binds: [first], defaultBackend: ref('app') }), frontend('b', { binds: [second], defaultBackend: ref('app') })],
  }));
  expectOne(d, 'LB2001', { severity: 'error', span: second.span, related: [first.span], mentions: ['frontend a', 'another port'] });
});

test('LB2001: one frontend binds an address twice', () => {
  const first = bind('*:9000');
  const second = bind('*:9000');
  const d = runChecks(webModel({ frontends: [frontend('web', { binds: [first, second], defaultBackend: ref('app') })] }));
  expectOne(d, 'LB2001', { severity: 'error', span: second.span, related: [first.span], mentions: ['twice', 'remove one'] });
});

test('LB2001: overlapping port ranges collide', () => {
  const range = bind('*:9000', { address: { host: '*', port: 9000, portEnd: 9010 } });
  const single = bind('*:9005');
  const d = runChecks(webModel({
    frontends: [frontend('a', { binds: [range], defaultBackend: ref('app') }), frontend('b', { binds: [single], defaultBackend: ref('app') })],
  }));
  expectOne(d, 'LB2001', { severity: 'error', span: single.span, related: [range.span] });
});

test('LB2001: three copies give two diagnostics, each against the first', () => {
  const binds = [bind('*:9000'), bind('*:9000'), bind('*:9000')];
  const d = runChecks(webModel({ frontends: binds.map((b, i) => frontend(`f${i}`, { binds: [b], defaultBackend: ref('app') })) }));
  const found = withCode(d, 'LB2001');
  assert.is(found.length, 2);
  assert.ok(found.every((x) => x.related?.[0].span.start === binds[0].span.start));
});

test('LB2001 near miss: other ports, other specific addresses, or disjoint ranges', () => {
  const d = runChecks(webModel({
    frontends: [
      frontend('a', { binds: [bind('*:9000'), bind('10.0.0.1:9100')], defaultBackend: ref('app') }),
      frontend('b', { binds: [bind('*:9001'), bind('10.0.0.2:9100')], defaultBackend: ref('app') }),
      frontend('c', { binds: [bind('*:9002', { address: { host: '*', port: 9002, portEnd: 9010 } })], defaultBackend: ref('app') }),
    ],
  }));
  expectNone(d, 'LB2001', 'LB2002', 'LB2005');
});

test('LB2001 on two hosts is reported once and names both hosts', () => {
  const second = bind('*:9000');
  const d = runChecks(haPairModel({
    frontends: [frontend('a', { binds: [bind('*:9000')], defaultBackend: ref('app') }), frontend('b', { binds: [second], defaultBackend: ref('app') })],
  }));
  const one = expectOne(d, 'LB2001', { severity: 'error', span: second.span });
  assert.ok(one.message.includes('lb1, lb2'), one.message);
});

test('LB2001 only on the host where both proxies are placed', () => {
  const second = bind('*:9000');
  const d = runChecks(haPairModel({
    frontends: [
      frontend('a', { binds: [bind('*:9000')], defaultBackend: ref('app'), placement: [ref('lb1')] }),
      frontend('b', { binds: [second], defaultBackend: ref('app') }),
    ],
  }));
  const one = expectOne(d, 'LB2001', { severity: 'error', span: second.span });
  assert.ok(one.message.includes('(on host lb1)'), one.message);
});

test('LB2001 near miss: the two proxies are placed on different hosts', () => {
  const d = runChecks(haPairModel({
    frontends: [
      frontend('a', { binds: [bind('*:9000')], defaultBackend: ref('app'), placement: [ref('lb1')] }),
      frontend('b', { binds: [bind('*:9000')], defaultBackend: ref('app'), placement: [ref('lb2')] }),
    ],
  }));
  expectNone(d, 'LB2001');
});

// ---------- LB2002 wildcard and specific ----------

test('LB2002: *:p in one frontend and IP:p in another', () => {
  const wildcard = bind('*:9000');
  const specific = bind('127.0.0.1:9000');
  const d = runChecks(webModel({
    frontends: [frontend('a', { binds: [wildcard], defaultBackend: ref('app') }), frontend('b', { binds: [specific], defaultBackend: ref('app') })],
  }));
  expectOne(d, 'LB2002', { severity: 'warning', span: specific.span, related: [wildcard.span], mentions: ['different ports'] });
  expectNone(d, 'LB2001');
});

test('LB2002 near miss: an IPv6 address does not meet the IPv4 wildcard', () => {
  const d = runChecks(webModel({
    frontends: [
      frontend('a', { binds: [bind('*:9000')], defaultBackend: ref('app') }),
      frontend('b', { binds: [bind('[::1]:9000')], defaultBackend: ref('app') }),
    ],
  }));
  expectNone(d, 'LB2001', 'LB2002');
});

// ---------- LB2003 proxy loop ----------

test('LB2003: the seed case 2 loop, frontend *:8000 and server 127.0.0.1:8000', () => {
  const loop = server('web01', '127.0.0.1:8000');
  const fe = bind('*:8000');
  const d = runChecks(webModel({
    backends: [backend('nodes', { servers: [loop, server('web02', '127.0.0.1:8001')] })],
    frontends: [frontend('localnodes', { binds: [fe], defaultBackend: ref('nodes') })],
  }));
  expectOne(d, 'LB2003', { severity: 'error', span: loop.addressSpan, related: [fe.span], mentions: ['loop', 'real port'] });
});

test('LB2003: a route backend that points at one of the host\'s addresses', () => {
  const loop = server('self', '10.0.0.11:9000');
  const fe = bind('*:9000');
  const d = runChecks(haPairModel({
    backends: [app(), backend('other', { servers: [loop] })],
    frontends: [frontend('web', {
      binds: [fe], defaultBackend: ref('app'),
      routes: [{ backend: ref('other'), conditions: [{ kind: 'path', match: 'prefix', values: ['/x'], span: bind('*:1').span }], span: bind('*:1').span }],
    })],
  }));
  const one = expectOne(d, 'LB2003', { severity: 'error', span: loop.addressSpan, related: [fe.span] });
  assert.ok(one.message.includes('(on host lb1)'), one.message);
});

test('LB2003 near miss: other port, or an address that is not local', () => {
  const d = runChecks(haPairModel({
    backends: [backend('app', { servers: [server('a', '127.0.0.1:8001'), server('b', '10.0.0.50:8000')] })],
    frontends: [frontend('web', { binds: [bind('*:8000')], defaultBackend: ref('app') })],
  }));
  expectNone(d, 'LB2003');
});

// ---------- LB2004 6443 on a control-plane host ----------

function controlPlaneHostModel(frontendBind: ReturnType<typeof bind>) {
  const cp = node('cp1', '10.0.0.21', ['control-plane', 'etcd']);
  const m = webModel({
    hosts: [host('cp1', 'eth0 10.0.0.21/24')],
    clusters: [cluster('prod', { nodes: [cp, node('w1', '10.0.0.31', ['worker'])] })],
    frontends: [frontend('web', { binds: [bind('*:5000')], defaultBackend: ref('app') }), frontend('api', { binds: [frontendBind], defaultBackend: ref('app') })],
  });
  return { m, cp };
}

test('LB2004: a frontend on *:6443 on a host that runs kube-apiserver', () => {
  const b = bind('*:6443');
  const { m, cp } = controlPlaneHostModel(b);
  const d = runChecks(m);
  expectOne(d, 'LB2004', { severity: 'error', span: b.span, related: [cp.span], mentions: ['8443'] });
});

test('LB2004 near miss: port 8443 on the control-plane host', () => {
  const { m } = controlPlaneHostModel(bind('*:8443'));
  expectNone(runChecks(m), 'LB2004');
});

test('LB2004 near miss: *:6443 on load-balancer hosts without the apiserver', () => {
  const d = runChecks(haPairModel({
    clusters: [cluster('prod')],
    frontends: [frontend('web', { binds: [bind('*:6443')], defaultBackend: ref('app') })],
  }));
  expectNone(d, 'LB2004');
});

test('LB2003 near miss: on a control-plane host a local server on 6443 is kube-apiserver, not the frontend (LB2004 instead)', () => {
  const cp = node('cp1', '10.0.0.21', ['control-plane', 'etcd']);
  const b = bind('*:6443');
  const d = runChecks(webModel({
    hosts: [host('cp1', 'eth0 10.0.0.21/24')],
    clusters: [cluster('prod', { nodes: [cp] })],
    backends: [app(), backend('kube', { mode: 'tcp', servers: [server('k1', '10.0.0.21:6443')] })],
    frontends: [frontend('web', { binds: [bind('*:5000')], defaultBackend: ref('app') }), frontend('kube', { mode: 'tcp', binds: [b], defaultBackend: ref('kube') })],
  }));
  expectNone(d, 'LB2003');
  expectOne(d, 'LB2004', { severity: 'error', span: b.span, related: [cp.span] });
});

// ---------- LB2005 stats and frontend on one port ----------

test('LB2005: the stats page on the frontend\'s port, instead of LB2001/LB2002', () => {
  const fe = bind('*:5000');
  const st = bind('127.0.0.1:5000');
  const d = runChecks(webModel({
    frontends: [frontend('web', { binds: [fe], defaultBackend: ref('app') })],
    stats: [stats({ bind: st })],
  }));
  expectOne(d, 'LB2005', { severity: 'error', span: st.span, related: [fe.span], mentions: ['port of its own'] });
  expectNone(d, 'LB2001', 'LB2002');
});

test('LB2005 near miss: stats on a port of its own', () => {
  expectNone(runChecks(webModel({ stats: [stats({ bind: bind('127.0.0.1:8404') })] })), 'LB2005');
});

// ---------- LB2006 privileged port ----------

test('LB2006: a bind below 1024', () => {
  const b = bind('*:80');
  const d = runChecks(webModel({ frontends: [frontend('web', { binds: [b], defaultBackend: ref('app') })] }));
  expectOne(d, 'LB2006', { severity: 'warning', span: b.span, mentions: ['root', '>= 1024'] });
});

test('LB2006 near miss: port 1024 and above', () => {
  expectNone(runChecks(webModel({ frontends: [frontend('web', { binds: [bind('*:1024')], defaultBackend: ref('app') })] })), 'LB2006');
});

// ---------- LB2016 address the host does not have ----------

test('LB2016: a bind on an address the host neither has nor may hold', () => {
  const b = bind('10.0.0.50:9000');
  const m = haPairModel({ frontends: [frontend('web', { binds: [b], defaultBackend: ref('app') })] });
  const d = runChecks(m);
  const one = expectOne(d, 'LB2016', { severity: 'error', span: b.span, related: [m.hosts[0].nameSpan, m.hosts[1].nameSpan], mentions: ['10.0.0.50'] });
  assert.ok(one.message.includes('lb1, lb2'), one.message);
});

test('LB2016 near miss: own address, loopback, wildcard, or a VIP of its vrrp', () => {
  const m = haPairModel({
    frontends: [frontend('web', { binds: [bind('10.0.0.11:9000'), bind('127.0.0.1:9001'), bind('*:9002'), bind('10.0.0.100:9003', { transparent: true })], defaultBackend: ref('app'), placement: [ref('lb1')] })],
  });
  expectNone(runChecks(m), 'LB2016');
});

test('LB2016 near miss: without hosts nothing is known about addresses', () => {
  expectNone(runChecks(webModel({ frontends: [frontend('web', { binds: [bind('10.0.0.50:9000')], defaultBackend: ref('app') })] })), 'LB2016');
});

// ---------- LB3014 VIP without nonlocal bind ----------

test('LB3014: a frontend binds the VIP on the vrrp members without transparent or nonlocal-bind', () => {
  const b = bind('10.0.0.100:9000');
  const m = haPairModel({ frontends: [frontend('web', { binds: [b], defaultBackend: ref('app') })] });
  const d = runChecks(m);
  const one = expectOne(d, 'LB3014', { severity: 'error', span: b.span, related: [m.vrrps[0].vips[0].span], mentions: ['transparent', 'nonlocal-bind'] });
  assert.ok(one.message.includes('lb1, lb2'), one.message);
  expectNone(d, 'LB2016');
});

test('LB3014 near miss: transparent bind, or hosts with nonlocal-bind', () => {
  expectNone(runChecks(haPairModel({ frontends: [frontend('web', { binds: [bind('10.0.0.100:9000', { transparent: true })], defaultBackend: ref('app') })] })), 'LB3014');
  expectNone(runChecks(haPairModel({
    hosts: [host('lb1', 'eth1 10.0.0.11/24', { nonlocalBind: true }), host('lb2', 'eth1 10.0.0.12/24', { nonlocalBind: true })],
    frontends: [frontend('web', { binds: [bind('10.0.0.100:9000')], defaultBackend: ref('app') })],
  })), 'LB3014');
});

// ---------- LB2019 KubeKey internal haproxy on workers ----------

function internalLbModel(b: ReturnType<typeof bind>, roles: ('worker' | 'control-plane')[] = ['worker']) {
  const endpoint = { kind: 'internal-haproxy' as const, port: 6443, span: bind('*:1').span };
  const m = webModel({
    hosts: [host('w1', 'eth0 10.0.0.31/24')],
    clusters: [cluster('prod', { nodes: [node('cp1', '10.0.0.21', ['control-plane', 'etcd']), node('w1', '10.0.0.31', roles)], endpoint })],
    frontends: [frontend('web', { binds: [b], defaultBackend: ref('app') })],
  });
  return { m, endpoint };
}

test('LB2019: user haproxy on a pure worker binds 127.0.0.1:6443', () => {
  const b = bind('127.0.0.1:6443');
  const { m, endpoint } = internalLbModel(b);
  expectOne(runChecks(m), 'LB2019', { severity: 'warning', span: b.span, related: [endpoint.span], mentions: ['another port'] });
});

test('LB2019: user haproxy on a pure worker binds *:8081', () => {
  const b = bind('*:8081');
  const { m } = internalLbModel(b);
  expectOne(runChecks(m), 'LB2019', { severity: 'warning', span: b.span, mentions: ['*:8081'] });
});

test('LB2019 near miss: another port, or a worker that is also control-plane', () => {
  expectNone(runChecks(internalLbModel(bind('*:9000')).m), 'LB2019');
  expectNone(runChecks(internalLbModel(bind('*:8081'), ['worker', 'control-plane']).m), 'LB2019');
});

test.run();
