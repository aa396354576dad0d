import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChecks } from '../../packages/dsl/src/checks/index.ts';
import type { Cluster, ControlPlaneEndpoint, Server } from '../../packages/dsl/src/model/model.ts';
import { backend, bind, cidr, cluster, frontend, host, ip, node, ref, server, span } from '../helpers/model-builders.ts';
import { expectNone, expectOne, withCode } from './expect.ts';
import { haPairModel, webModel } from './scenarios.ts';

const one = (c: Cluster) => runChecks(webModel({ clusters: [c] }));
const masters = () => [1, 2, 3].map((i) => node(`master${i}`, `10.0.0.${i + 1}`, ['control-plane', 'etcd']));

// ---------- roles and etcd ----------

test('LB4001: no control-plane node', () => {
  const c = cluster('prod', { nodes: [node('node1', '10.0.0.5', ['worker', 'etcd'])] });
  expectOne(one(c), 'LB4001', { severity: 'error', span: c.nameSpan, mentions: ['roles control-plane'] });
});

test('LB4001 near miss: one control-plane node', () => {
  expectNone(one(cluster('prod')), 'LB4001');
});

test('LB4002: kubekey etcd but no etcd node', () => {
  const etcd = { type: 'kubekey' as const, span: span() };
  const c = cluster('prod', { nodes: [node('master1', '10.0.0.2', ['control-plane'])], etcd });
  expectOne(one(c), 'LB4002', { severity: 'error', span: etcd.span, mentions: ['role'] });
});

test('LB4002 near miss: stacked (kubeadm) etcd needs no etcd role', () => {
  expectNone(one(cluster('prod', { nodes: [node('master1', '10.0.0.2', ['control-plane'])], etcd: { type: 'kubeadm' } })), 'LB4002');
});

test('LB4003: an even number of etcd members', () => {
  const nodes = [node('m1', '10.0.0.2', ['control-plane', 'etcd']), node('m2', '10.0.0.3', ['control-plane', 'etcd'])];
  const c = cluster('prod', { nodes, endpoint: { kind: 'internal-haproxy', port: 6443, span: span() } });
  expectOne(one(c), 'LB4003', { severity: 'warning', span: c.nameSpan, related: [nodes[1].nameSpan], mentions: ['odd number'] });
});

test('LB4003 near miss: three members', () => {
  expectNone(one(cluster('prod', { nodes: masters(), endpoint: { kind: 'internal-haproxy', port: 6443, span: span() } })), 'LB4003');
});

test('LB4013: external etcd without endpoints', () => {
  const etcd = { type: 'external' as const, span: span() };
  expectOne(one(cluster('prod', { etcd })), 'LB4013', { severity: 'error', span: etcd.span, mentions: ['endpoints "https://'] });
});

test('LB4013 near miss: external etcd with endpoints', () => {
  expectNone(one(cluster('prod', { etcd: { type: 'external', endpoints: ['https://10.0.0.9:2379'], span: span() } })), 'LB4013');
});

test('LB4009: two control-plane nodes and no endpoint', () => {
  const c = cluster('prod', { nodes: masters() });
  expectOne(one(c), 'LB4009', { severity: 'warning', span: c.nameSpan, mentions: ['endpoint internal-haproxy'] });
});

test('LB4009 near miss: an endpoint, or a single control-plane node', () => {
  expectNone(one(cluster('prod', { nodes: masters(), endpoint: { kind: 'internal-haproxy', port: 6443, span: span() } })), 'LB4009');
  expectNone(one(cluster('prod')), 'LB4009');
});

// ---------- nodes ----------

test('LB4007: a node name written twice', () => {
  const first = node('node1', '10.0.0.5', ['worker']);
  const again = node('node1', '10.0.0.6', ['worker']);
  const c = cluster('prod', { nodes: [node('master1', '10.0.0.2', ['control-plane', 'etcd']), first, again] });
  expectOne(one(c), 'LB4007', { severity: 'error', span: again.nameSpan, related: [first.nameSpan], mentions: ['rename or remove'] });
});

test('LB4007: two nodes with one address (internal address included)', () => {
  const first = node('node1', '10.0.0.5', ['worker']);
  const clash = node('node2', '192.168.1.6', ['worker'], { internalAddress: ip('10.0.0.5') });
  const c = cluster('prod', { nodes: [node('master1', '10.0.0.2', ['control-plane', 'etcd']), first, clash] });
  expectOne(one(c), 'LB4007', { severity: 'error', span: clash.span, related: [first.span], mentions: ['10.0.0.5', 'own address'] });
});

test('LB4007 near miss: distinct names and addresses', () => {
  expectNone(one(cluster('prod')), 'LB4007');
});

test('LB4008: a node name that is not lowercase RFC 1123', () => {
  const bad = node('Master_1', '10.0.0.2', ['control-plane', 'etcd']);
  const d = one(cluster('prod', { nodes: [bad] }));
  expectOne(d, 'LB4008', { severity: 'warning', span: bad.nameSpan, mentions: ['master-1'] });
});

test('LB4008 near miss: lowercase with dashes and dots', () => {
  expectNone(one(cluster('prod', { nodes: [node('master-1.dc1', '10.0.0.2', ['control-plane', 'etcd'])] })), 'LB4008');
});

// ---------- version ----------

test('LB4011: a Kubernetes version KubeKey 3.1 cannot install', () => {
  const c = cluster('prod', { kubernetes: { version: 'v1.15.3', span: span() } });
  expectOne(one(c), 'LB4011', { severity: 'error', span: c.kubernetes.span, mentions: ['v1.19 to v1.31'] });
  const newer = cluster('prod', { kubernetes: { version: 'v1.33.0', span: span() } });
  expectOne(one(newer), 'LB4011', { severity: 'error', span: newer.kubernetes.span, mentions: ['e.g. v1.28.8'] });
});

test('LB4011: not a version at all', () => {
  const c = cluster('prod', { kubernetes: { version: 'latest', span: span() } });
  expectOne(one(c), 'LB4011', { severity: 'error', span: c.kubernetes.span, mentions: ['v1.28.8'] });
});

test('LB4011 near miss: the edges of the table and a k3s build', () => {
  for (const version of ['v1.19.0', 'v1.28.8', 'v1.31.1', 'v1.26.4-k3s']) {
    expectNone(one(cluster('prod', { kubernetes: { version, span: span() } })), 'LB4011');
  }
});

// ---------- endpoint on its own ----------

test('LB4006: internal haproxy with an address', () => {
  const e: ControlPlaneEndpoint = { kind: 'internal-haproxy', port: 6443, address: ip('10.0.0.100'), span: span() };
  expectOne(one(cluster('prod', { endpoint: e })), 'LB4006', { severity: 'error', span: e.span, mentions: ['remove the address'] });
});

test('LB4006 near miss: internal haproxy alone', () => {
  expectNone(one(cluster('prod', { endpoint: { kind: 'internal-haproxy', port: 6443, span: span() } })), 'LB4006');
});

test('LB4012: internal haproxy on another port', () => {
  const e: ControlPlaneEndpoint = { kind: 'internal-haproxy', port: 8443, span: span() };
  expectOne(one(cluster('prod', { endpoint: e })), 'LB4012', { severity: 'error', span: e.span, mentions: ['port 6443'] });
});

test('LB4012 near miss: port 6443', () => {
  expectNone(one(cluster('prod', { endpoint: { kind: 'internal-haproxy', port: 6443, span: span() } })), 'LB4012');
});

test('LB4010: kube-vip without an address', () => {
  const e: ControlPlaneEndpoint = { kind: 'kube-vip', port: 6443, mode: 'ARP', span: span() };
  expectOne(one(cluster('prod', { endpoint: e })), 'LB4010', { severity: 'error', span: e.span, mentions: ['endpoint kube-vip ADDRESS'] });
});

test('LB4010: kube-vip on a node\'s own address', () => {
  const e: ControlPlaneEndpoint = { kind: 'kube-vip', port: 6443, mode: 'ARP', address: ip('10.0.0.2'), span: span() };
  const c = cluster('prod', { endpoint: e });
  expectOne(one(c), 'LB4010', { severity: 'error', span: e.span, related: [c.nodes[0].nameSpan], mentions: ['unused address'] });
});

test('LB4010 near miss: a free address', () => {
  expectNone(one(cluster('prod', { endpoint: { kind: 'kube-vip', port: 6443, mode: 'ARP', address: ip('10.0.0.100'), span: span() } })), 'LB4010');
});

test('LB4014: kube-vip with ipvs, written or by KubeKey\'s default', () => {
  const e: ControlPlaneEndpoint = { kind: 'kube-vip', port: 6443, mode: 'ARP', address: ip('10.0.0.100'), span: span() };
  const c = cluster('prod', { endpoint: e, kubernetes: { version: 'v1.28.8', span: span(), proxyMode: 'ipvs' } });
  expectOne(one(c), 'LB4014', { severity: 'warning', span: e.span, related: [c.kubernetes.span], mentions: ['proxy-mode iptables'] });
  const byDefault = cluster('prod', { endpoint: { ...e, span: span() } });
  expectOne(one(byDefault), 'LB4014', { severity: 'warning', span: (byDefault.endpoint as { span: typeof e.span }).span, mentions: ['default'] });
});

test('LB4014 near miss: kube-vip with iptables', () => {
  const e: ControlPlaneEndpoint = { kind: 'kube-vip', port: 6443, mode: 'ARP', address: ip('10.0.0.100'), span: span() };
  expectNone(one(cluster('prod', { endpoint: e, kubernetes: { version: 'v1.28.8', span: span(), proxyMode: 'iptables' } })), 'LB4014');
});

// ---------- networks ----------

test('LB4004: services overlapping pods', () => {
  const c = cluster('prod');
  c.network.services = { cidr: cidr('10.233.64.0/20'), span: span() };
  expectOne(one(c), 'LB4004', { severity: 'error', span: c.network.services.span, related: [c.network.pods.span], mentions: ['do not overlap'] });
});

test('LB4004: pods over the hosts\' network and a node', () => {
  const c = cluster('prod');
  c.network.pods = { cidr: cidr('10.0.0.0/16'), span: span() };
  const m = haPairModel({ clusters: [c] });
  const d = runChecks(m);
  const found = expectOne(d, 'LB4004', { severity: 'error', span: c.network.pods.span, related: [m.hosts[0].interfaces[0].span, m.vrrps[0].vips[0].span, c.nodes[0].span], mentions: ['choose a pod range'] });
  assert.ok(found.message.includes('10.0.0.0/16'));
});

test('LB4004 near miss: KubeKey\'s default ranges next to 10.0.0.0/24', () => {
  expectNone(runChecks(haPairModel({ clusters: [cluster('prod')] })), 'LB4004');
});

// ---------- apiserver frontend and backend ----------

function apiModel(o: { feBind?: ReturnType<typeof bind>; servers?: Server[]; endpointPort?: number; endpoint?: ControlPlaneEndpoint } = {}) {
  const endpoint: ControlPlaneEndpoint = o.endpoint ?? { kind: 'vrrp', vrrp: ref('api'), port: o.endpointPort ?? 6443, span: span() };
  const servers = o.servers ?? [1, 2, 3].map((i) => server(`master${i}`, `10.0.0.${i + 1}:6443`));
  const m = haPairModel({
    clusters: [cluster('prod', { nodes: [...masters(), node('node1', '10.0.0.5', ['worker'])], endpoint })],
    backends: [backend('app', { servers: [server('app1', '127.0.0.1:8080')] }), backend('k8s', { mode: 'tcp', servers })],
    frontends: [
      frontend('web', { binds: [bind('*:5000')], defaultBackend: ref('app') }),
      frontend('k8s', { mode: 'tcp', binds: [o.feBind ?? bind('*:6443')], defaultBackend: ref('k8s') }),
    ],
  });
  return { m, endpoint };
}

test('the apiserver model is clean', () => {
  const d = runChecks(apiModel().m);
  assert.is(d.length, 0, JSON.stringify(d.map((x) => x.message)));
});

test('LB4005: user apiserver frontend on another port than the vrrp endpoint', () => {
  const b = bind('*:8443');
  const { m, endpoint } = apiModel({ feBind: b });
  expectOne(runChecks(m), 'LB4005', { severity: 'error', span: b.span, related: [endpoint.span], mentions: ['bind *:6443', 'endpoint port'] });
});

test('LB4005: address endpoint that is not the VIP the frontend binds', () => {
  const b = bind('10.0.0.100:6443', { transparent: true });
  const endpoint: ControlPlaneEndpoint = { kind: 'address', address: ip('10.0.0.200'), port: 6443, span: span() };
  const { m } = apiModel({ feBind: b, endpoint });
  expectOne(runChecks(m), 'LB4005', { severity: 'error', span: b.span, related: [endpoint.span], mentions: ['10.0.0.200:6443'] });
});

test('LB4005 near miss: the frontend binds the endpoint port; or the address endpoint is the VIP', () => {
  expectNone(runChecks(apiModel({ endpointPort: 8443, feBind: bind('*:8443') }).m), 'LB4005');
  expectNone(runChecks(apiModel({ endpoint: { kind: 'address', address: ip('10.0.0.100'), port: 6443, span: span() } }).m), 'LB4005');
});

test('LB4015: a stray server and a missing control-plane node', () => {
  const stray = server('node1', '10.0.0.5:6443');
  const wrongPort = server('master2', '10.0.0.3:443');
  const m = apiModel({ servers: [server('master1', '10.0.0.2:6443'), wrongPort, stray] }).m;
  const d = runChecks(m);
  const found = withCode(d, 'LB4015');
  const onStray = found.find((x) => x.span === stray.addressSpan);
  const onPort = found.find((x) => x.span === wrongPort.addressSpan);
  const missing = found.find((x) => x.span === m.backends[1].nameSpan);
  assert.ok(onStray && onPort && missing, JSON.stringify(found.map((x) => x.message)));
  assert.is(found.length, 3);
  assert.is(onStray!.severity, 'error');
  assert.ok(onStray!.message.includes('10.0.0.2:6443, 10.0.0.3:6443, 10.0.0.4:6443'), onStray!.message);
  assert.ok(onPort!.message.includes('6443'));
  assert.ok(missing!.message.includes('server master3 10.0.0.4:6443'), missing!.message);
  assert.ok(missing!.related?.some((r) => r.span === m.clusters[0].nodes[2].nameSpan));
});

test('LB4015: the server uses the SSH address of a node with an internal address', () => {
  const s = server('master1', '192.168.0.2:6443');
  const c = cluster('prod', {
    nodes: [node('master1', '192.168.0.2', ['control-plane', 'etcd'], { internalAddress: ip('10.0.0.2') })],
    endpoint: { kind: 'vrrp', vrrp: ref('api'), port: 6443, span: span() },
  });
  const m = haPairModel({
    clusters: [c],
    backends: [backend('app', { servers: [server('app1', '127.0.0.1:8080')] }), backend('k8s', { mode: 'tcp', servers: [s] })],
    frontends: [frontend('web', { binds: [bind('*:5000')], defaultBackend: ref('app') }), frontend('k8s', { mode: 'tcp', binds: [bind('*:6443')], defaultBackend: ref('k8s') })],
  });
  expectOne(runChecks(m), 'LB4015', { severity: 'error', span: s.addressSpan, related: [c.nodes[0].nameSpan], mentions: ['internal address 10.0.0.2'] });
});

test('LB4015 near miss: exactly the control-plane nodes on 6443 (the clean model)', () => {
  expectNone(runChecks(apiModel().m), 'LB4015');
});

test.run();
