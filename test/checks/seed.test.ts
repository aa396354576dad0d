/**
 * The seed project's three cases, as models: its mistakes are found (each once), and its fixed versions (the
 * examples/ files) are clean. Plus one model with several mistakes at once, to show they do not multiply.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChecks } from '../../packages/dsl/src/checks/index.ts';
import type { Frontend } from '../../packages/dsl/src/model/model.ts';
import { Secret } from '../../packages/dsl/src/model/values.ts';
import { backend, bind, cidr, cluster, defaults, frontend, host, model, node, ref, server, span, stats, vrrp } from '../helpers/model-builders.ts';
import { describe, expectOne, withCode } from './expect.ts';

const member = (name: string, priority: number) => ({ host: { name, span: span() }, priority, span: span() });

/** examples/case2-ha-kubernetes.lb as the evaluator should produce it, derived apiserver proxies included. */
function case2Fixed() {
  const derived = { kind: 'derived' as const, from: 'prod', span: span() };
  const masters = [1, 2, 3].map((i) => node(`master${i}`, `10.182.0.${i + 1}`, ['control-plane', 'etcd']));
  return model({
    hosts: [host('lb1', 'eth1 10.182.0.11/24'), host('lb2', 'eth1 10.182.0.12/24')],
    vrrps: [vrrp('api', {
      vips: [{ cidr: cidr('10.182.0.100/24'), span: span() }],
      members: [member('lb1', 150), member('lb2', 100)],
      auth: { type: 'PASS', password: new Secret('k8s-vip1', 'VRRP_PASS'), span: span() },
      track: { target: 'haproxy', interval: 2000, weight: 60, span: span() },
    })],
    defaults: [defaults({ log: true })],
    clusters: [cluster('prod', {
      nodes: [...masters, node('node1', '10.182.0.5', ['worker']), node('node2', '10.182.0.6', ['worker'])],
      endpoint: { kind: 'vrrp', vrrp: ref('api'), port: 6443, span: span() },
    })],
    backends: [
      backend('nodes', {
        balance: { algorithm: 'roundrobin', span: span() },
        health: { kind: 'http', method: 'HEAD', path: '/', host: 'localhost', span: span() },
        forwardfor: true,
        httpActions: [{ kind: 'set-header', name: 'X-Forwarded-Port', value: '%[dst_port]', span: span() }],
        servers: [server('web01', '10.182.0.5:30080'), server('web02', '10.182.0.6:30080')],
      }),
      backend('prod-apiserver', {
        origin: derived, mode: 'tcp',
        health: { kind: 'http', method: 'GET', path: '/healthz', ssl: true, span: span() },
        servers: masters.map((n, i) => server(n.name, `10.182.0.${i + 2}:6443`)),
      }),
    ],
    frontends: [
      frontend('prod-apiserver', { origin: derived, mode: 'tcp', binds: [bind('*:6443')], defaultBackend: ref('prod-apiserver') }),
      frontend('localnodes', { binds: [bind('*:8000')], defaultBackend: ref('nodes') }),
    ],
    stats: [stats({ bind: bind('127.0.0.1:3000'), uri: '/' })],
  });
}

test('case 2 fixed (examples/case2-ha-kubernetes.lb) has no diagnostics', () => {
  const d = runChecks(case2Fixed());
  assert.is(d.length, 0, describe(d));
});

test('case 2 as the seed wrote it: proxy loop on *:8000 and a 12-character VRRP password', () => {
  const m = case2Fixed();
  const loop = server('web01', '127.0.0.1:8000');
  const nodes = m.backends[0];
  nodes.servers = [loop, server('web02', '127.0.0.1:8001'), server('web03', '127.0.0.1:8002')];
  const auth = { type: 'PASS' as const, password: new Secret('serveraccess', 'VRRP_PASS'), span: span() };
  m.vrrps[0].auth = auth;
  const d = runChecks(m);
  const localnodes = m.frontends.find((f) => f.name === 'localnodes')!;
  const one = expectOne(d, 'LB2003', { severity: 'error', span: loop.addressSpan, related: [localnodes.binds[0].span], mentions: ['loop'] });
  assert.ok(one.message.includes('lb1, lb2'), 'one diagnostic for both load-balancer hosts');
  expectOne(d, 'LB3005', { severity: 'warning', span: auth.span, mentions: ['12 characters'] });
  assert.not.ok(JSON.stringify(d).includes('serveraccess'));
  assert.is(d.length, 2, describe(d));
});

test('case 3 (node servers): its ports are fine', () => {
  const d = runChecks(model({
    defaults: [defaults({ timeouts: { connect: { value: 20_000, span: span() }, client: { value: 60_000, span: span() }, server: { value: 45_000, span: span() } } })],
    backends: [backend('application_nodes', {
      health: { kind: 'http', method: 'HEAD', path: '/', host: 'localhost', span: span() },
      forwardfor: true,
      servers: [8000, 8085, 8090].map((p, i) => server(`web0${i + 1}`, `127.0.0.1:${p}`)),
    })],
    frontends: [frontend('http-in', { binds: [bind('*:5000')], defaultBackend: ref('application_nodes') })],
    stats: [stats({ bind: bind('127.0.0.1:3000'), uri: '/' })],
  }));
  assert.is(d.length, 0, describe(d));
});

test('several mistakes at once are each reported exactly once', () => {
  const cp1Node = node('cp1', '10.0.0.21', ['control-plane', 'etcd']);
  const loop = server('self', '127.0.0.1:8000');
  const loopBind = bind('*:8000');
  const dupFirst = bind('*:9000');
  const dupSecond = bind('*:9000');
  const apiBind = bind('*:6443');
  const api = vrrp('api');
  const web = vrrp('web', { vips: [{ cidr: cidr('10.0.0.200/24'), span: span() }] });
  const fe = (name: string, b: ReturnType<typeof bind>, to: string): Frontend => frontend(name, { binds: [b], defaultBackend: ref(to) });
  const m = model({
    defaults: [defaults()],
    hosts: [host('lb1', 'eth1 10.0.0.11/24'), host('lb2', 'eth1 10.0.0.12/24'), host('cp1', 'eth1 10.0.0.21/24', { roles: ['lb', 'control-plane'] })],
    vrrps: [api, web],
    clusters: [cluster('prod', { nodes: [cp1Node, node('node1', '10.0.0.31', ['worker'])] })],
    backends: [backend('app', { servers: [server('app1', '127.0.0.1:8080')] }), backend('loopy', { servers: [loop] })],
    frontends: [fe('loop', loopBind, 'loopy'), fe('a', dupFirst, 'app'), fe('b', dupSecond, 'app'), fe('k8s', apiBind, 'app')],
    stats: [stats()],
  });
  const d = runChecks(m);
  expectOne(d, 'LB2003', { severity: 'error', span: loop.addressSpan, related: [loopBind.span] });
  expectOne(d, 'LB2001', { severity: 'error', span: dupSecond.span, related: [dupFirst.span] });
  const clash = expectOne(d, 'LB2004', { severity: 'error', span: apiBind.span, related: [cp1Node.span] });
  assert.ok(clash.message.includes('(on host cp1)'), clash.message);
  expectOne(d, 'LB3001', { severity: 'error', span: web.routerId.span, related: [api.routerId.span] });
  assert.is(d.length, 4, describe(d));
  assert.is(withCode(d, 'LB2002').length, 0);
});

test.run();
