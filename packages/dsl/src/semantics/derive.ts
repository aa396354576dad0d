/**
 * Elements implied by others. A cluster whose control-plane endpoint is a `vrrp` gets, on that VRRP's member hosts,
 * a tcp frontend on the endpoint port and a backend with every control-plane node on 6443, checked over TLS, unless
 * a frontend the user wrote already binds that port there.
 */
import type { Backend, Cluster, Frontend, Model, Origin, Ref } from '../model/model.ts';

export const APISERVER_PORT = 6443;

export function deriveElements(model: Model): void {
  for (const cluster of model.clusters) deriveApiserverProxy(model, cluster);
}

function deriveApiserverProxy(model: Model, cluster: Cluster): void {
  const endpoint = cluster.endpoint;
  if (endpoint?.kind !== 'vrrp') return;
  const vrrp = model.vrrps.find((v) => v.name === endpoint.vrrp.name);
  if (!vrrp) return; // reported by resolve (LB1003)
  const members = vrrp.members.map((m) => m.host.name);
  const port = endpoint.port;
  const taken = model.frontends.some(
    (f) =>
      (f.placement === undefined || f.placement.some((r) => members.includes(r.name))) &&
      f.binds.some((b) => b.address.port === port || (b.address.portEnd !== undefined && b.address.port <= port && port <= b.address.portEnd)),
  );
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
}
