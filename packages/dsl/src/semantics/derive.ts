/**
 * Elements implied by others. A cluster whose control-plane endpoint is a `vrrp` gets, on that VRRP's member hosts,
 * a tcp frontend on the endpoint port and a backend with every control-plane node on 6443, checked over TLS, unless
 * a frontend the user wrote already binds that port there.
 */
import type { Backend, Cluster, Frontend, Model, Origin, Ref, Vrrp } from '../model/model.ts';

export const APISERVER_PORT = 6443;

export function deriveElements(model: Model): void {
  // First declaration of a name wins, as a `find` would.
  const vrrps = new Map<string, Vrrp>();
  for (const v of model.vrrps) if (!vrrps.has(v.name)) vrrps.set(v.name, v);
  const listeners = new FrontendsByPort(model.frontends);
  for (const cluster of model.clusters) deriveApiserverProxy(model, cluster, vrrps, listeners);
}

/**
 * Frontends by the ports they bind, kept up to date as derived frontends are added (a later cluster on the same
 * port and hosts finds them): scanning every frontend for every cluster was quadratic on large files.
 */
class FrontendsByPort {
  readonly #single = new Map<number, Frontend[]>();
  readonly #ranged: Frontend[] = [];

  constructor(frontends: Frontend[]) {
    for (const f of frontends) this.add(f);
  }

  add(f: Frontend): void {
    for (const b of f.binds) {
      if (b.address.portEnd !== undefined) {
        this.#ranged.push(f);
        continue;
      }
      const list = this.#single.get(b.address.port);
      if (list) list.push(f);
      else this.#single.set(b.address.port, [f]);
    }
  }

  /** Some frontend binds `port` (alone or in a range). */
  some(port: number, test: (f: Frontend) => boolean): boolean {
    if (this.#single.get(port)?.some(test)) return true;
    return this.#ranged.some((f) => test(f) && f.binds.some((b) => bindCovers(b.address, port)));
  }
}

function bindCovers(a: Frontend['binds'][number]['address'], port: number): boolean {
  return a.port === port || (a.portEnd !== undefined && a.port <= port && port <= a.portEnd);
}

function deriveApiserverProxy(model: Model, cluster: Cluster, vrrps: ReadonlyMap<string, Vrrp>, listeners: FrontendsByPort): void {
  const endpoint = cluster.endpoint;
  if (endpoint?.kind !== 'vrrp') return;
  const vrrp = vrrps.get(endpoint.vrrp.name);
  if (!vrrp) return; // reported by resolve (LB1003)
  const members = vrrp.members.map((m) => m.host.name);
  const port = endpoint.port;
  const taken = listeners.some(port, (f) => f.placement === undefined || f.placement.some((r) => members.includes(r.name)));
  if (taken) return;
  const name = `${cluster.name}-apiserver`;
  const origin: Origin = { kind: 'derived', from: `cluster ${cluster.name}`, span: endpoint.span };
  const placement: Ref[] = vrrp.members.map((m) => ({ name: m.host.name, span: endpoint.span }));
  const span = endpoint.span;
  const frontend: Frontend = {
    name, nameSpan: span, span, origin, mode: 'tcp', binds: [{ address: { host: '*', port }, span }], routes: [],
    defaultBackend: { name, span }, timeouts: { client: { value: 4 * 3_600_000, span } }, httpActions: [], placement, raw: [],
  };
  const backend: Backend = {
    name, nameSpan: span, span, origin, mode: 'tcp', balance: { algorithm: 'roundrobin', span },
    health: { kind: 'http', method: 'GET', path: '/healthz', expect: 200, ssl: true, span },
    servers: cluster.nodes
      .filter((n) => n.roles.includes('control-plane'))
      .map((n) => ({
        name: n.name, nameSpan: n.nameSpan, address: { host: n.internalAddress ?? n.address, port: APISERVER_PORT }, addressSpan: n.span, span: n.span,
      })),
    // Long timeouts: kubectl watches and logs keep connections open for a long time.
    timeouts: { connect: { value: 5000, span }, server: { value: 4 * 3_600_000, span } },
    httpActions: [], placement, raw: [],
  };
  model.frontends.push(frontend);
  model.backends.push(backend);
  listeners.add(frontend);
}
