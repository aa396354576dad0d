/**
 * What the HA pair run builds for a program with `vrrp`, read from the model and lb's compiled files: one node per
 * VRRP member (its interface and address as the file says, its haproxy.cfg and keepalived.conf), the VIPs, a client
 * address free in the members' subnet, and where each `run` server goes:
 * - an address in that subnet: an "app" namespace on the same bridge that holds those addresses (one process per
 *   server, like a real machine behind the load balancers);
 * - loopback: one copy in each load-balancer node (its haproxy reaches its own loopback, as on the real host);
 * - anything else: not started, only mentioned.
 * Pure.
 */
import type { OutputFile } from '../../emit/common/output.ts';
import type { Model } from '../../model/model.ts';
import { proxiesOnHost } from '../../model/placement.ts';
import { bigIntToIp, cidrContains, cidrText, ipToBigInt, sameIp, type Cidr, type Ip } from '../../model/values.ts';
import { addressText, isLoopback, planRun, type Listener, type LocalServer } from './plan.ts';

export interface PairNode {
  host: string;
  /** The interface named in the file (e.g. eth1) and its address with prefix (10.182.0.11/24). */
  iface: string;
  address: string;
  ip: string;
  haproxy: OutputFile;
  keepalived: OutputFile;
}

export interface PairVip {
  vrrp: string;
  ip: string;
  /** With prefix, as keepalived adds it. */
  cidr: string;
}

export interface PairPlan {
  nodes: PairNode[];
  vips: PairVip[];
  /** The members' subnet, e.g. 10.182.0.0/24 written as one member's address. */
  subnet: string;
  client: { iface: string; address: string; ip: string };
  /** Servers in the subnet, run in the app namespace, and the addresses it holds. */
  app: { iface: string; addresses: string[]; servers: LocalServer[] };
  /** Loopback servers: started once in every node. */
  loopback: LocalServer[];
  notStarted: { key: string; address: string }[];
  /** Frontend listeners; `url` uses the VIP for binds on `*` or on the VIP (that is what a client uses). */
  frontends: Listener[];
  stats: (Listener & { users: string[] })[];
}

export type PairPlanResult = { ok: true; plan: PairPlan } | { ok: false; problem: string };

export function planPair(model: Model, outputs: readonly OutputFile[]): PairPlanResult {
  const members = [...new Set(model.vrrps.flatMap((v) => v.members.map((m) => m.host.name)))];
  if (members.length === 0) return { ok: false, problem: 'the program declares no vrrp members' };
  const nodes: PairNode[] = [];
  let subnet: Cidr | undefined;
  for (const name of members) {
    const host = model.hosts.find((h) => h.name === name);
    const haproxy = outputs.find((o) => o.target === 'haproxy' && o.host === name);
    const keepalived = outputs.find((o) => o.target === 'keepalived' && o.host === name);
    if (!host || !haproxy || !keepalived) return { ok: false, problem: `no haproxy.cfg and keepalived.conf were generated for host ${name}` };
    const vrrp = model.vrrps.find((v) => v.members.some((m) => m.host.name === name))!;
    const vip = vrrp.vips[0]?.cidr;
    const ifaceName = vrrp.interface?.name ?? host.interfaces.find((i) => i.address && vip && cidrContains(i.address, vip.ip))?.name;
    const iface = host.interfaces.find((i) => i.name === ifaceName);
    if (!iface?.address) {
      return { ok: false, problem: `host ${name} has no address on the interface of vrrp ${vrrp.name}${ifaceName ? ` (${ifaceName})` : ''}: write \`interface ${ifaceName ?? 'eth1'} ADDRESS/PREFIX\` in host ${name}` };
    }
    if (iface.address.ip.family !== 4) return { ok: false, problem: `host ${name}: the HA pair run supports IPv4 subnets only` };
    if (subnet && !cidrContains(subnet, iface.address.ip)) {
      return { ok: false, problem: `host ${name}'s ${iface.name} ${cidrText(iface.address)} is not in the subnet of ${nodes[0].host} (${cidrText(subnet)}): the run puts every member on one bridge` };
    }
    subnet ??= iface.address;
    nodes.push({ host: name, iface: iface.name, address: cidrText(iface.address), ip: iface.address.ip.text, haproxy, keepalived });
  }
  const net = subnet!;
  const vips = model.vrrps.flatMap((v) => v.vips.map((x) => ({ vrrp: v.name, ip: x.cidr.ip.text, cidr: cidrText(x.cidr) })));

  const app: PairPlan['app'] = { iface: nodes[0].iface, addresses: [], servers: [] };
  const loopback: LocalServer[] = [];
  const notStarted: PairPlan['notStarted'] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    for (const be of proxiesOnHost(model, node.host).backends) {
      for (const s of be.servers) {
        const key = `${be.name}/${s.name}`;
        if (!s.run || seen.has(key)) continue;
        seen.add(key);
        const h = s.address.host;
        if (isLoopback(s.address)) {
          loopback.push({ key, backend: be.name, name: s.name, host: h !== '*' && 'text' in h ? h.text : '127.0.0.1', port: s.address.port, run: s.run });
        } else if (h !== '*' && 'text' in h && cidrContains(net, h)) {
          app.servers.push({ key, backend: be.name, name: s.name, host: h.text, port: s.address.port, run: s.run });
          if (!app.addresses.includes(h.text)) app.addresses.push(h.text);
        } else {
          notStarted.push({ key, address: addressText(s.address) });
        }
      }
    }
  }

  const used: Ip[] = [
    ...nodes.map((n) => ({ text: n.ip, family: 4 as const })),
    ...vips.map((v) => ({ text: v.ip, family: 4 as const })),
    ...app.addresses.map((a) => ({ text: a, family: 4 as const })),
  ];
  const clientIp = freeAddress(net, used);
  if (!clientIp) return { ok: false, problem: `no free address left in ${cidrText(net)} for the client` };

  const single = planRun(model, nodes[0].host);
  const vipFor = (host: string) => (host === '*' ? vips[0]?.ip : vips.find((v) => v.ip === host)?.ip);
  const frontends = single.frontends.map((l) => {
    const vip = vipFor(l.host);
    return vip === undefined ? l : { ...l, url: l.url.replace(/^(\w+:\/\/)[^/]+/, `$1${vip}:${l.port}`) };
  });
  return {
    ok: true,
    plan: {
      nodes,
      vips,
      subnet: cidrText(net),
      client: { iface: nodes[0].iface, address: `${clientIp.text}/${net.prefix}`, ip: clientIp.text },
      app: { ...app, addresses: app.addresses.map((a) => `${a}/${net.prefix}`) },
      loopback,
      notStarted,
      frontends,
      stats: single.stats,
    },
  };
}

/** The highest host address of the subnet that nothing in the file uses (clients are usually at the top). */
export function freeAddress(net: Cidr, used: readonly Ip[]): Ip | undefined {
  const hostBits = BigInt(32 - net.prefix);
  if (hostBits < 2n) return undefined;
  const base = (ipToBigInt(net.ip) >> hostBits) << hostBits;
  const last = base + (1n << hostBits) - 2n;
  for (let v = last, tries = 0; v > base && tries < 4096; v--, tries++) {
    const candidate = bigIntToIp(v, 4)!;
    if (!used.some((u) => sameIp(u, candidate))) return candidate;
  }
  return undefined;
}

/** The listener the failover client uses: an http frontend reached through the VIP. */
export function clientTarget(plan: PairPlan): { ip: string; port: number; url: string } | undefined {
  const vipIps = new Set(plan.vips.map((v) => v.ip));
  for (const l of plan.frontends) {
    const m = /^http:\/\/([^/:]+):(\d+)/.exec(l.url);
    if (m && vipIps.has(m[1])) return { ip: m[1], port: Number(m[2]), url: l.url };
  }
  return undefined;
}

/**
 * Why the running pair cannot take `next` by a reload, or undefined when it can. The namespaces, veth pairs and
 * addresses are built once at the start: a member added or removed, an interface or address changed, the VIPs'
 * subnet or the client's address changed, all need the network built again. Servers, haproxy settings and
 * keepalived settings (priorities, adverts, a VIP moved within its subnet) are reloaded.
 */
export function restartReason(running: PairPlan, next: PairPlan): string | undefined {
  const hosts = (p: PairPlan) => p.nodes.map((n) => n.host).join(', ');
  if (hosts(running) !== hosts(next)) return `the VRRP members changed (${hosts(running)} -> ${hosts(next)})`;
  for (const [i, n] of next.nodes.entries()) {
    const was = running.nodes[i];
    if (was.iface !== n.iface || was.address !== n.address) return `host ${n.host}'s interface changed (${was.iface} ${was.address} -> ${n.iface} ${n.address})`;
  }
  if (running.subnet !== next.subnet) return `the pair's subnet changed (${running.subnet} -> ${next.subnet})`;
  const vipNets = (p: PairPlan) => [...new Set(p.vips.map((v) => networkOf(v.cidr)))].join(', ');
  if (vipNets(running) !== vipNets(next)) return `the VIP's subnet changed (${vipNets(running)} -> ${vipNets(next)})`;
  if (running.client.address !== next.client.address) return `the client's address would change (${running.client.address} -> ${next.client.address}), since the file now uses ${running.client.ip}`;
  if (running.app.addresses.length === 0 && next.app.addresses.length > 0) return 'a server in the subnet needs the app namespace, which this run did not create';
  return undefined;
}

/** `10.99.0.100/24` -> `10.99.0.0/24`. */
function networkOf(cidr: string): string {
  const [ip, prefix] = cidr.split('/');
  const bits = BigInt(32 - Number(prefix));
  const value = (ipToBigInt({ text: ip, family: 4 }) >> bits) << bits;
  return `${bigIntToIp(value, 4)!.text}/${prefix}`;
}
