/**
 * Model -> Graph: the topology a reviewer needs at a glance. Traffic flows left to right: cluster endpoint / VIP ->
 * frontend -> backend -> server; VRRP VIPs point at the hosts that hold them. Declaration order throughout, so the
 * same model always gives the same picture. Health state and effective settings are resolved exactly as the
 * haproxy emitter resolves them (same defaults plan), so "NOT CHECKED" means no `check` in haproxy.cfg.
 */
import type { Backend, Cluster, ClusterNode, ControlPlaneEndpoint, Frontend, Model, Placement, Server, Stats, Vrrp } from '../model/model.ts';
import { loadBalancerHosts } from '../model/placement.ts';
import { sameIp } from '../model/values.ts';
import { APISERVER_PORT } from '../semantics/derive.ts';
import { chainOf, effectiveMode, inherit, planDefaults, type DefaultsPlan } from '../emit/haproxy/defaults-plan.ts';
import { DEFAULT_HEALTH } from '../emit/haproxy/health.ts';
import { addressText, bindText, cidrLabel, conditionsText, healthText, ipText, visible } from './describe.ts';
import { GraphBuilder, type Graph, type GraphGroup, type GraphNode } from './graph.ts';

/** What the derived apiserver backend of a cluster sends to one control-plane node (drawn on the node itself). */
interface ApiserverTarget {
  port: number;
  health: string;
  checked: boolean;
}

export function buildGraph(model: Model): Graph {
  const g = new GraphBuilder();
  const usedFrom = new Set([...model.frontends, ...model.backends].flatMap((p) => (p.from ? [p.from.name] : [])));
  const plan = planDefaults(model.defaults, usedFrom);
  const groupOf = placementGroups(model, g);

  // Cluster endpoints come first and stand outside their cluster's group: they are where traffic enters, so the
  // picture reads left to right (endpoint -> VIP / frontend -> backend -> control-plane nodes).
  const endpointNodes = new Map<Cluster, GraphNode>();
  for (const cluster of model.clusters) {
    if (cluster.endpoint) endpointNodes.set(cluster, g.node('endpoint', cluster.name, endpointLines(model, cluster, cluster.endpoint)));
  }

  // ----- nodes: proxies (grouped by the LB hosts they run on), servers, hosts, VRRP, clusters -----
  const frontendNodes = model.frontends.map((fe) => g.node('frontend', fe.name, frontendLines(plan, fe), { derived: fe.origin.kind === 'derived', group: groupOf(fe.placement) }));
  const backendNodes = model.backends.map((be) => {
    const lines = backendLines(plan, be);
    return g.node('backend', be.name, lines, { derived: be.origin.kind === 'derived', warn: be.servers.length === 0, group: groupOf(be.placement) });
  });
  for (const st of model.stats) {
    const auth = st.auth.length > 0;
    g.node('stats', st.name, statsLines(st), { warn: !auth, group: groupOf(st.placement) });
  }

  const backendByName = new Map<string, GraphNode>();
  model.backends.forEach((be, i) => {
    if (!backendByName.has(be.name)) backendByName.set(be.name, backendNodes[i]);
  });

  // A cluster's derived apiserver backend targets its control-plane nodes: the node is drawn once, in the cluster,
  // carrying the check state, so the VIP -> frontend -> backend chain ends on the cluster's own nodes.
  // Keyed by object identity per cluster: two clusters may share node objects (a helper building both), never names.
  const apiserverTargets = new Map<Cluster, Map<ClusterNode, ApiserverTarget>>();
  const mergedServers = new Map<Server, { cluster: Cluster; node: ClusterNode }>();
  for (const cluster of model.clusters) {
    const be = derivedApiserverBackend(model, cluster);
    if (!be) continue;
    const targets = new Map<ClusterNode, ApiserverTarget>();
    apiserverTargets.set(cluster, targets);
    for (const server of be.servers) {
      const cp = controlPlane(cluster).find((n) => n.name === server.name);
      if (!cp || targets.has(cp) || mergedServers.has(server)) continue;
      const { health, checked } = serverHealth(plan, be, server);
      targets.set(cp, { port: server.address.port, health: healthText(health, checked), checked });
      mergedServers.set(server, { cluster, node: cp });
    }
  }

  const serverNodes = new Map<Backend, Map<Server, GraphNode>>();
  for (const be of model.backends) {
    const drawn = new Map<Server, GraphNode>();
    serverNodes.set(be, drawn);
    for (const server of be.servers) {
      if (mergedServers.has(server) || drawn.has(server)) continue;
      const { health, checked } = serverHealth(plan, be, server);
      const lines = [`server ${visible(server.name)}`, addressText(server.address)];
      const weight = server.weight ?? be.serverDefaults?.weight ?? inherit(chainOf(plan, be.from), (d) => d.serverDefaults?.weight)?.value;
      if (weight !== undefined && weight !== 1) lines.push(`weight ${weight}`);
      if (server.backup ?? be.serverDefaults?.backup ?? inherit(chainOf(plan, be.from), (d) => d.serverDefaults?.backup)?.value) lines.push('backup');
      lines.push(healthText(health, checked));
      drawn.set(server, g.node('server', `${be.name}_${server.name}`, lines, { warn: !checked, derived: be.origin.kind === 'derived' }));
    }
  }

  const hostNodes = new Map<string, GraphNode>();
  for (const host of loadBalancerHosts(model)) {
    if (hostNodes.has(host.name)) continue;
    const lines = [`host ${visible(host.name)}`];
    if (host.addresses.length > 0) lines.push(host.addresses.map((a) => ipText(a)).join(', '));
    hostNodes.set(host.name, g.node('host', host.name, lines));
  }
  const missing = new Map<string, GraphNode>();
  const missingNode = (what: string, name: string): GraphNode => {
    const key = `${what}\u0000${name}`;
    let node = missing.get(key);
    if (!node) {
      node = g.node('missing', `${what}_${name}`, [`${what} ${visible(name)}`, 'NOT DECLARED'], { warn: true });
      missing.set(key, node);
    }
    return node;
  };

  const vipNodes = new Map<Vrrp, GraphNode[]>();
  model.vrrps.forEach((vrrp, index) => {
    const group = g.group(`vrrp\u0000${index}`, `vrrp_${vrrp.name}`, `vrrp ${visible(vrrp.name)} (router-id ${vrrp.routerId.value})`);
    vipNodes.set(
      vrrp,
      vrrp.vips.map((vip) => g.node('vip', `${vrrp.name}_${vip.cidr.ip.text}`, [`VIP ${cidrLabel(vip.cidr)}`, ...(vrrp.interface ? [`on ${visible(vrrp.interface.name)}`] : [])], { group })),
    );
  });

  const clusterNodes = new Map<Cluster, Map<ClusterNode, GraphNode>>();
  model.clusters.forEach((cluster, index) => {
    const group = g.group(`cluster\u0000${index}`, `cluster_${cluster.name}`, `cluster ${visible(cluster.name)} (kubernetes ${visible(cluster.kubernetes.version)})`);
    const drawn = new Map<ClusterNode, GraphNode>();
    clusterNodes.set(cluster, drawn);
    for (const n of controlPlane(cluster)) {
      if (drawn.has(n)) continue;
      const target = apiserverTargets.get(cluster)?.get(n);
      const address = ipText(n.internalAddress ?? n.address);
      const lines = [`${visible(n.name)}`, target ? `${address}:${target.port}` : address, n.roles.join(', ')];
      if (target) lines.push(target.health);
      drawn.set(n, g.node('node', `${cluster.name}_${n.name}`, lines, { group, warn: target !== undefined && !target.checked }));
    }
    const workers = cluster.nodes.filter((n) => !n.roles.includes('control-plane') && n.roles.includes('worker'));
    if (workers.length > 0) g.node('node', `${cluster.name}_workers`, ['workers', ...workers.map(nodeLine)], { group });
    const others = cluster.nodes.filter((n) => !n.roles.includes('control-plane') && !n.roles.includes('worker'));
    if (others.length > 0) g.node('node', `${cluster.name}_others`, ['other nodes', ...others.map((n) => `${nodeLine(n)} (${n.roles.join(', ') || 'no role'})`)], { group });
  });

  // ----- edges -----
  const backendNode = (name: string) => backendByName.get(name) ?? missingNode('backend', name);
  model.frontends.forEach((fe, i) => {
    for (const route of fe.routes) g.edge(frontendNodes[i], backendNode(route.backend.name), conditionsText(route.conditions) || 'route');
    if (fe.defaultBackend) g.edge(frontendNodes[i], backendNode(fe.defaultBackend.name), 'default');
  });
  model.backends.forEach((be, i) => {
    for (const server of be.servers) {
      const merged = mergedServers.get(server);
      const target = merged ? clusterNodes.get(merged.cluster)?.get(merged.node) : serverNodes.get(be)?.get(server);
      if (target) g.edge(backendNodes[i], target);
    }
  });

  for (const vrrp of model.vrrps) {
    const master = masterOf(vrrp);
    for (const vip of vipNodes.get(vrrp) ?? []) {
      for (const m of vrrp.members) {
        const host = hostNodes.get(m.host.name) ?? missingNode('host', m.host.name);
        g.edge(vip, host, `priority ${m.priority}${m.host.name === master ? ' (MASTER)' : ''}`, true);
      }
    }
    // A frontend that binds the VIP itself receives the VIP's traffic.
    vrrp.vips.forEach((vip, v) => {
      model.frontends.forEach((fe, i) => {
        for (const bind of fe.binds) {
          const h = bind.address.host;
          if (h !== '*' && !('dns' in h) && sameIp(h, vip.cidr.ip)) g.edge(vipNodes.get(vrrp)![v], frontendNodes[i], `:${bind.address.port}`);
        }
      });
    });
  }

  for (const cluster of model.clusters) {
    const ep = endpointNodes.get(cluster);
    const cps = [...(clusterNodes.get(cluster)?.values() ?? [])];
    if (!ep || !cluster.endpoint) continue;
    const endpoint = cluster.endpoint;
    if (endpoint.kind === 'vrrp') {
      const vrrp = model.vrrps.find((v) => v.name === endpoint.vrrp.name);
      const vip = vrrp ? vipNodes.get(vrrp)?.[0] : undefined;
      g.edge(ep, vip ?? missingNode('vrrp', endpoint.vrrp.name), `held by vrrp ${visible(endpoint.vrrp.name)}`, true);
      const serving = vrrp ? apiserverFrontends(model, cluster, vrrp, endpoint.port) : [];
      for (const fe of serving) g.edge(ep, frontendNodes[model.frontends.indexOf(fe)], `:${endpoint.port}`);
      if (serving.length === 0) for (const cp of cps) g.edge(ep, cp, 'no proxy on the VIP hosts', true);
    } else {
      for (const cp of cps) g.edge(ep, cp, `:${APISERVER_PORT}`);
    }
  }

  return g.build(model.sources[0] ?? '');
}

/**
 * Grouping by host set: each proxy is drawn once, in a group labelled with every LB host it runs on ("haproxy on
 * every LB host: lb1, lb2"), rather than copied into one group per host. Copies would double every edge and make
 * one backend look like two; one group per distinct host set keeps each arrow meaning one thing, and a host that
 * also runs proxies of its own gets a second group of its own. Without declared hosts there is no grouping.
 */
function placementGroups(model: Model, g: GraphBuilder): (placement: Placement) => GraphGroup | undefined {
  if (model.hosts.length === 0) return () => undefined;
  const lbHosts = loadBalancerHosts(model).map((h) => h.name);
  return (placement) => {
    if (lbHosts.length === 0) return g.group('nowhere', 'nowhere', 'not emitted: no load-balancer host (role lb or vrrp member)');
    const names = placement === undefined ? lbHosts : orderedUnique(placement.map((r) => r.name), lbHosts);
    if (names.length === 0) return g.group('nowhere', 'nowhere', 'placed on no host');
    const every = names.length > 1 && names.length === lbHosts.length && names.every((n) => lbHosts.includes(n));
    const list = names.map(visible).join(', ');
    return g.group(`on\u0000${names.join('\u0000')}`, `on_${names.join('_')}`, every ? `haproxy on every LB host: ${list}` : `haproxy on ${list}`);
  };
}

/** Unique names, known hosts first in their declaration order, then unknown ones as written. */
function orderedUnique(names: string[], order: string[]): string[] {
  const unique = [...new Set(names)];
  return [...order.filter((n) => unique.includes(n)), ...unique.filter((n) => !order.includes(n))];
}

function frontendLines(plan: DefaultsPlan, fe: Frontend): string[] {
  const lines = [`frontend ${visible(fe.name)}`, fe.binds.length > 0 ? `bind ${fe.binds.map(bindText).join(', ')}` : 'NO BIND'];
  lines.push(`mode ${effectiveMode(fe.mode, chainOf(plan, fe.from))}`);
  if (fe.origin.kind === 'derived') lines.push(`derived from ${visible(fe.origin.from)}`);
  return lines;
}

function backendLines(plan: DefaultsPlan, be: Backend): string[] {
  const chain = chainOf(plan, be.from);
  const balance = be.balance ?? inherit(chain, (d) => d.balance)?.value;
  const algorithm = balance ? `${balance.algorithm}${balance.argument !== undefined ? ` ${visible(balance.argument)}` : ''}` : 'roundrobin';
  const lines = [`backend ${visible(be.name)}`, `mode ${effectiveMode(be.mode, chain)}, ${algorithm}`];
  if (be.servers.length === 0) lines.push('NO SERVERS');
  if (be.origin.kind === 'derived') lines.push(`derived from ${visible(be.origin.from)}`);
  return lines;
}

/** The user names only: a password (secret or not) is never part of the picture. */
function statsLines(st: Stats): string[] {
  const lines = [st.name === 'stats' ? 'stats page' : `stats page ${visible(st.name)}`, `bind ${bindText(st.bind)}, uri ${visible(st.uri)}`];
  lines.push(st.auth.length > 0 ? `auth: ${st.auth.map((a) => visible(a.user)).join(', ')}` : 'NO AUTH');
  if (st.admin) lines.push('admin');
  return lines;
}

/** The check haproxy.cfg will run on this server, as the emitter decides it. */
function serverHealth(plan: DefaultsPlan, be: Backend, server: Server) {
  const chain = chainOf(plan, be.from);
  const health = be.health ?? inherit(chain, (d) => d.health)?.value ?? DEFAULT_HEALTH;
  const check = server.check ?? be.serverDefaults?.check ?? inherit(chain, (d) => d.serverDefaults?.check)?.value;
  return { health, checked: health.kind !== 'none' && check !== false };
}

function controlPlane(cluster: Cluster): ClusterNode[] {
  return cluster.nodes.filter((n) => n.roles.includes('control-plane'));
}

function nodeLine(n: ClusterNode): string {
  return `${visible(n.name)} ${ipText(n.internalAddress ?? n.address)}`;
}

function derivedApiserverBackend(model: Model, cluster: Cluster): Backend | undefined {
  return model.backends.find((b) => b.origin.kind === 'derived' && b.origin.from === `cluster ${cluster.name}` && b.name === `${cluster.name}-apiserver`);
}

/** Frontends that take the endpoint's traffic on the VRRP hosts: the derived one, or the user's own on that port. */
function apiserverFrontends(model: Model, cluster: Cluster, vrrp: Vrrp, port: number): Frontend[] {
  const derived = model.frontends.filter((f) => f.origin.kind === 'derived' && f.origin.from === `cluster ${cluster.name}`);
  if (derived.length > 0) return derived;
  const members = vrrp.members.map((m) => m.host.name);
  return model.frontends.filter(
    (f) =>
      (f.placement === undefined || f.placement.some((r) => members.includes(r.name))) &&
      f.binds.some((b) => b.address.port === port || (b.address.portEnd !== undefined && b.address.port <= port && port <= b.address.portEnd)),
  );
}

/** The MASTER: the declared one, else the highest priority (the first on a tie), as keepalived would start. */
function masterOf(vrrp: Vrrp): string | undefined {
  if (vrrp.master) return vrrp.master.name;
  let best: Vrrp['members'][number] | undefined;
  for (const m of vrrp.members) if (!best || m.priority > best.priority) best = m;
  return best?.host.name;
}

function endpointLines(model: Model, cluster: Cluster, endpoint: ControlPlaneEndpoint): string[] {
  const lines: string[] = [`cluster ${visible(cluster.name)} API`];
  switch (endpoint.kind) {
    case 'vrrp': {
      const vip = model.vrrps.find((v) => v.name === endpoint.vrrp.name)?.vips[0];
      lines.push(`${vip ? ipText(vip.cidr.ip) : '?'}:${endpoint.port}`, `VIP of vrrp ${visible(endpoint.vrrp.name)}`);
      break;
    }
    case 'internal-haproxy':
      lines.push(`${endpoint.address ? ipText(endpoint.address) : ''}:${endpoint.port}`, 'internal haproxy on each worker');
      break;
    case 'kube-vip':
      lines.push(`${endpoint.address ? ipText(endpoint.address) : ''}:${endpoint.port}`, `kube-vip (${endpoint.mode})`);
      break;
    case 'address':
      lines.push(`${ipText(endpoint.address)}:${endpoint.port}`, 'external load balancer');
      break;
  }
  if (endpoint.domain !== undefined) lines.push(`domain ${visible(endpoint.domain)}`);
  return lines;
}
