/**
 * Hand-built models for tests of the checks and the emitters, independent of the parser and evaluator.
 * Every builder takes overrides; spans are synthetic (`span(n)` gives a distinct range per n) so tests can assert
 * that a diagnostic points at the element it should.
 */
import type { Span } from '../../packages/dsl/src/diagnostics/diagnostic.ts';
import type {
  Backend, Bind, Cluster, ClusterNode, Defaults, Frontend, Host, Model, Ref, Server, Stats, Vrrp,
} from '../../packages/dsl/src/model/model.ts';
import { emptyModel } from '../../packages/dsl/src/model/model.ts';
import { parseCidr, parseIp, type Address, type Cidr, type Ip } from '../../packages/dsl/src/model/values.ts';

export const FILE = 'test.lb';
let counter = 0;

/** A distinct synthetic span; pass n to get a stable one. */
export function span(n?: number): Span {
  const start = n ?? 10_000 + counter++ * 10;
  return { file: FILE, start, end: start + 5 };
}

export function ip(text: string): Ip {
  const v = parseIp(text);
  if (!v) throw new Error(`bad ip ${text}`);
  return v;
}

export function cidr(text: string): Cidr {
  const v = parseCidr(text);
  if (!v) throw new Error(`bad cidr ${text}`);
  return v;
}

/** `addr('*:80')`, `addr('10.0.0.1:8080')`, `addr('[::1]:443')` */
export function addr(text: string): Address {
  const m = /^(?:\[(.+)\]|(.*)):(\d+)$/.exec(text);
  if (!m) throw new Error(`bad address ${text}`);
  const host = m[1] ?? m[2];
  return { host: host === '*' || host === '' ? '*' : ip(host), port: Number(m[3]) };
}

export function model(parts: Partial<Model> = {}): Model {
  return { ...emptyModel(FILE), ...parts };
}

export function defaults(o: Partial<Defaults> = {}): Defaults {
  return {
    mode: 'http',
    timeouts: { connect: { value: 5000, span: span() }, client: { value: 30000, span: span() }, server: { value: 30000, span: span() } },
    raw: [],
    span: span(),
    ...o,
  };
}

export function bind(address: string, o: Partial<Bind> = {}): Bind {
  return { address: addr(address), span: span(), ...o };
}

export function frontend(name: string, o: Partial<Frontend> = {}): Frontend {
  return {
    name, nameSpan: span(), span: span(), origin: { kind: 'user' }, binds: [], routes: [], timeouts: {}, httpActions: [],
    placement: undefined, raw: [], ...o,
  };
}

export function server(name: string, address: string, o: Partial<Server> = {}): Server {
  return { name, nameSpan: span(), address: addr(address), addressSpan: span(), span: span(), ...o };
}

export function backend(name: string, o: Partial<Backend> = {}): Backend {
  return {
    name, nameSpan: span(), span: span(), origin: { kind: 'user' }, servers: [], timeouts: {}, httpActions: [],
    placement: undefined, raw: [], health: { kind: 'tcp', span: span() }, ...o,
  };
}

export function stats(o: Partial<Stats> = {}): Stats {
  return {
    name: 'stats', span: span(), bind: bind('127.0.0.1:8404'), uri: '/stats',
    auth: [{ user: 'admin', password: 'pw', span: span() }], admin: false, hideVersion: true, placement: undefined, ...o,
  };
}

export function host(name: string, iface: string, o: Partial<Host> = {}): Host {
  // iface: 'eth1 10.0.0.11/24'
  const [ifName, cidrText] = iface.split(' ');
  const c = cidr(cidrText);
  return {
    name, nameSpan: span(), span: span(), addresses: [c.ip], interfaces: [{ name: ifName, address: c, span: span() }],
    roles: ['lb'], origin: { kind: 'user' }, ...o,
  };
}

export function vrrp(name: string, o: Partial<Vrrp> = {}): Vrrp {
  return {
    name, nameSpan: span(), span: span(), vips: [{ cidr: cidr('10.0.0.100/24'), span: span() }],
    routerId: { value: 51, span: span() },
    members: [
      { host: { name: 'lb1', span: span() }, priority: 150, span: span() },
      { host: { name: 'lb2', span: span() }, priority: 100, span: span() },
    ],
    advert: { value: 1000 }, unicast: true, version: 2, raw: [], ...o,
  };
}

export function node(name: string, address: string, roles: ClusterNode['roles'], o: Partial<ClusterNode> = {}): ClusterNode {
  return { name, nameSpan: span(), span: span(), address: ip(address), roles, ...o };
}

export function cluster(name: string, o: Partial<Cluster> = {}): Cluster {
  return {
    name, nameSpan: span(), span: span(),
    kubernetes: { version: 'v1.28.8', span: span(), containerManager: 'containerd' },
    network: { plugin: 'calico', pods: { cidr: cidr('10.233.64.0/18'), span: span() }, services: { cidr: cidr('10.233.0.0/18'), span: span() }, span: span() },
    nodes: [node('master1', '10.0.0.2', ['control-plane', 'etcd']), node('node1', '10.0.0.5', ['worker'])],
    etcd: { type: 'kubekey' }, raw: [], ...o,
  };
}

/** A reference to a declared name, with its own span (e.g. `default app`). */
export function ref(name: string): Ref {
  return { name, span: span() };
}
