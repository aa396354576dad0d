/**
 * The per-host port map: every bind of every frontend and stats page that lands in one host's haproxy.cfg, checked
 * against the other binds there, against the proxy's own servers, against what the host owns (addresses, VIPs)
 * and against what else listens on it (kube-apiserver, KubeKey's internal haproxy).
 *
 * Large models have hundreds of hosts that each receive most proxies, so everything that does not depend on the
 * host (the model's binds, their address classes, the collision messages) is worked out once in `PortMap`, and the
 * per-host passes only select and look up.
 */
import type { Backend, Bind, Frontend, Host, Model, Server, Vrrp } from '../model/model.ts';
import { apiserverHostTest, placementHosts } from '../model/placement.ts';
import { isLoopback, sameIp, type Ip } from '../model/values.ts';
import { addressIp, bindCollision, coversPort, formatAddress, isWildcard, listenIp, reachesBind, type ListenIp } from './addresses.ts';
import { haproxyHosts, hostIps, nodesOfHost } from './hosts.ts';
import { PerHostFindings, Reporter, SharedFinding } from './report.ts';
import { routedBackendNames } from './routes.ts';

const APISERVER_PORT = 6443;
/** KubeKey's internal haproxy health endpoint (`*:8081` with monitor-uri, domain.md §1.4). */
const KUBEKEY_LB_HEALTH_PORT = 8081;

interface Listener {
  kind: 'frontend' | 'stats';
  owner: string;
  bind: Bind;
  /** Position in the model-wide list (a host's list keeps this order). */
  index: number;
  /** Hosts the owner is placed on; undefined: every host. */
  hosts: ReadonlySet<string> | undefined;
  listen: ListenIp | undefined;
  ip: Ip | undefined;
  /** A specific, non-loopback address: the only kind LB2016 can flag. */
  specificIp: Ip | undefined;
}

function describe(l: Listener): string {
  return l.kind === 'frontend' ? `frontend ${l.owner}` : `stats page ${l.owner}`;
}

function placedOn(l: { hosts: ReadonlySet<string> | undefined }, host: Host | undefined): boolean {
  return host === undefined || l.hosts === undefined || l.hosts.has(host.name);
}

/**
 * Items in model order, answering "which of them land on this host" from an index: most run on every host, so a
 * host's list is the shared everywhere-list merged with the few placed on it.
 */
class ByHost<T extends { index: number; hosts: ReadonlySet<string> | undefined }> {
  readonly #everywhere: T[] = [];
  readonly #placed = new Map<string, T[]>();

  constructor(readonly all: T[]) {
    for (const item of all) {
      if (item.hosts === undefined) {
        this.#everywhere.push(item);
        continue;
      }
      for (const name of item.hosts) {
        const list = this.#placed.get(name);
        if (list) list.push(item);
        else this.#placed.set(name, [item]);
      }
    }
  }

  /** The items on a host, in model order (`undefined`: the one implicit host, which gets everything). */
  on(host: Host | undefined): T[] {
    if (host === undefined) return this.all;
    const placed = this.#placed.get(host.name);
    if (!placed) return this.#everywhere;
    const everywhere = this.#everywhere;
    const out: T[] = new Array(everywhere.length + placed.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < out.length; k++) {
      out[k] = j >= placed.length || (i < everywhere.length && everywhere[i].index < placed[j].index) ? everywhere[i++] : placed[j++];
    }
    return out;
  }
}

/** What the per-host passes share: the model's binds in haproxy.cfg order (frontends, then stats pages), and indexes. */
class PortMap {
  readonly listeners: Listener[] = [];
  readonly listenersByHost: ByHost<Listener>;
  /**
   * Frontends that could send a request back to themselves (LB2003): a server with an IP on a port one of the
   * frontend's binds covers. Whether it really loops depends on the host (its own addresses).
   */
  readonly loopCandidates: ByHost<{ index: number; frontend: Frontend; hosts: ReadonlySet<string> | undefined; servers: { backend: Backend; server: Server }[] }>;
  readonly runsApiserver: (host: Host) => boolean;
  readonly #vrrpsByHost = new Map<string, Vrrp[]>();
  readonly #collisions = new Map<number, SharedFinding>();
  /** Per listener (model order), how to find the binds it collides with; undefined when binds have port ranges. */
  readonly #collisionPlans: CollisionPlan[] | undefined;

  constructor(readonly model: Model) {
    for (const f of model.frontends) {
      const hosts = placementHosts(f.placement);
      for (const bind of f.binds) this.#addListener('frontend', f.name, bind, hosts);
    }
    for (const s of model.stats) this.#addListener('stats', s.name, s.bind, placementHosts(s.placement));
    // First declaration of a name wins, as a `find` would.
    const backendsByName = new Map<string, Backend>();
    for (const b of model.backends) if (!backendsByName.has(b.name)) backendsByName.set(b.name, b);
    const candidates = model.frontends.map((frontend, index) => {
      const names = routedBackendNames(frontend);
      const servers: { backend: Backend; server: Server }[] = [];
      for (const name of names) {
        const backend = backendsByName.get(name);
        if (!backend) continue; // an unknown name is reported by name resolution
        for (const server of backend.servers) {
          if (addressIp(server.address) && frontend.binds.some((b) => coversPort(b.address, server.address.port))) servers.push({ backend, server });
        }
      }
      return { index, frontend, hosts: placementHosts(frontend.placement), servers };
    });
    this.loopCandidates = new ByHost(candidates.filter((c) => c.servers.length > 0));
    this.listenersByHost = new ByHost(this.listeners);
    this.runsApiserver = apiserverHostTest(model);
    for (const v of model.vrrps) {
      for (const name of new Set(v.members.map((m) => m.host.name))) {
        const list = this.#vrrpsByHost.get(name);
        if (list) list.push(v);
        else this.#vrrpsByHost.set(name, [v]);
      }
    }
    const ranged = this.listeners.some((l) => l.bind.address.portEnd !== undefined && l.bind.address.portEnd !== l.bind.address.port);
    this.#collisionPlans = ranged ? undefined : this.#planCollisions();
  }

  #addListener(kind: Listener['kind'], owner: string, bind: Bind, hosts: Listener['hosts']): void {
    const listen = listenIp(bind.address);
    const ip = addressIp(bind.address);
    const specificIp = ip && listen && !('wildcard' in listen) && !isLoopback(ip) ? ip : undefined;
    this.listeners.push({ kind, owner, bind, index: this.listeners.length, hosts, listen, ip, specificIp });
  }

  /** The VIPs a host may hold (hosts.ts hostVips, from an index). */
  vipsOf(host: Host): { vrrp: Vrrp; vip: Vrrp['vips'][number] }[] {
    return (this.#vrrpsByHost.get(host.name) ?? []).flatMap((vrrp) => vrrp.vips.map((vip) => ({ vrrp, vip })));
  }

  /** Addresses that are local to a host: its own, and the VIPs it may hold. Without a host only loopback is known. */
  localIps(host: Host | undefined): Ip[] {
    if (!host) return [];
    return [...hostIps(host), ...this.vipsOf(host).map((v) => v.vip.cidr.ip)];
  }

  /**
   * LB2001 / LB2002 / LB2005, two binds that meet on one host: for each listener of the host (in order), the first
   * earlier listener of the host it meets, per code, in the order of those earlier listeners. Each bind is reported
   * once per code, against the first bind it meets, so three copies of `*:80` give two diagnostics, not three.
   */
  reportCollisions(listeners: Listener[], host: Host | undefined, findings: PerHostFindings, firstHost: boolean): void {
    const plans = this.#collisionPlans;
    if (!plans) {
      pairwiseFirstMeetings(listeners).forEach((meetings, j) => {
        for (const { a, code } of meetings) findings.addShared(host, this.collision(a, listeners[j], code));
      });
      return;
    }
    for (const b of listeners) {
      const plan = plans[b.index];
      if (plan.fixed) {
        // A bind on every host with host-independent findings: added for the first host only, the other hosts
        // join them through `everywhereFindings` (the per-host loop made the biggest files slow).
        if (firstHost || b.hosts !== undefined) for (const finding of plan.fixed) findings.addShared(host, finding);
        continue;
      }
      for (const { a, code } of this.#firstMeetings(b, plan, host)) findings.addShared(host, this.collision(a, b, code));
    }
  }

  /** The first earlier listener on `host` that `b` meets, per code, in the order of those listeners. */
  #firstMeetings(b: Listener, plan: CollisionPlan, host: Host | undefined): Meeting[] {
    const meetings: Meeting[] = [];
    for (const { list, code } of plan.lists) {
      // The list is in model order; the first entry placed on this host and before b is the one b meets first.
      for (const i of list) {
        if (i >= b.index) break;
        if (!placedOn(this.listeners[i], host)) continue;
        const known = meetings.find((m) => m.code === code);
        if (!known) meetings.push({ a: this.listeners[i], code });
        else if (i < known.a.index) known.a = this.listeners[i];
        break;
      }
    }
    // At most one code per earlier listener, so this order is total.
    return meetings.sort((x, y) => x.a.index - y.a.index);
  }

  /**
   * Two single-port binds meet only on the same port, and then by their listening address alone: the same wildcard
   * or the same IP ('same'), or a wildcard and an IP of its family ('wildcard'). So each bind gets, per code, the
   * model-ordered lists of binds of the matching kind and address class on its port. When the first earlier entry
   * of each list runs on every host, the answer is the same on every host and is kept as `fixed`.
   */
  #planCollisions(): CollisionPlan[] {
    const classes = new Map<string, number[]>();
    const members = (key: string) => {
      let list = classes.get(key);
      if (!list) classes.set(key, (list = []));
      return list;
    };
    const keysOf = this.listeners.map((l) => {
      const li = l.listen;
      if (!li) return undefined;
      const port = l.bind.address.port;
      const own = 'wildcard' in li ? `w${li.wildcard}` : `i${li.ip.family}|${li.ip.text}`;
      // The class a 'wildcard' collision pairs this bind with: any IP of the wildcard's family, or its family's wildcard.
      const across = 'wildcard' in li ? `anyip${li.wildcard}` : `w${li.ip.family}`;
      members(`${port}#${l.kind}#${own}`).push(l.index);
      if ('ip' in li) members(`${port}#${l.kind}#anyip${li.ip.family}`).push(l.index);
      return { port, own, across };
    });
    const kinds = [...new Set(this.listeners.map((l) => l.kind))];
    return this.listeners.map((b, j) => {
      const keys = keysOf[j];
      if (!keys) return { lists: [], fixed: [] };
      const { port, own, across } = keys;
      const lists: CollisionPlan['lists'] = [];
      const add = (key: string, code: CollisionCode) => {
        const list = classes.get(key);
        if (list) lists.push({ list, code });
      };
      add(`${port}#${b.kind}#${own}`, 'LB2001');
      add(`${port}#${b.kind}#${across}`, 'LB2002');
      for (const kind of kinds) {
        if (kind === b.kind) continue;
        add(`${port}#${kind}#${own}`, 'LB2005');
        add(`${port}#${kind}#${across}`, 'LB2005');
      }
      const plan: CollisionPlan = { lists };
      if (lists.every(({ list }) => list[0] >= j || this.listeners[list[0]].hosts === undefined)) {
        plan.fixed = this.#firstMeetings(b, plan, undefined).map(({ a, code }) => this.collision(a, b, code));
      }
      return plan;
    });
  }

  /** The collision findings of binds on every host that do not depend on the host (see reportCollisions). */
  everywhereFindings(): SharedFinding[] {
    const plans = this.#collisionPlans;
    if (!plans) return [];
    return this.listeners.flatMap((b) => (b.hosts === undefined ? (plans[b.index].fixed ?? []) : []));
  }

  /** The finding for bind `b` meeting the earlier bind `a`: the same text on every host, so built once. */
  collision(a: Listener, b: Listener, code: CollisionCode): SharedFinding {
    const key = a.index * this.listeners.length + b.index;
    let finding = this.#collisions.get(key);
    if (!finding) {
      finding = collisionFinding(a, b, code);
      this.#collisions.set(key, finding);
    }
    return finding;
  }
}

export function checkPorts(model: Model, reporter: Reporter): void {
  const findings = new PerHostFindings();
  const map = new PortMap(model);
  const internalLb = model.clusters.some((c) => c.endpoint?.kind === 'internal-haproxy');
  const hosts = haproxyHosts(model);
  hosts.forEach((host, i) => {
    const listeners = map.listenersByHost.on(host);
    map.reportCollisions(listeners, host, findings, i === 0);
    checkProxyLoops(map, host, findings);
    if (host) {
      checkApiserverPort(map, listeners, host, findings);
      checkForeignAddresses(map, listeners, host, findings);
      checkVipWithoutNonlocalBind(map, listeners, host, findings);
      // Only a cluster with KubeKey's internal haproxy can make this one fire.
      if (internalLb) checkKubeKeyInternalLb(model, listeners, host, findings);
    }
  });
  const named = hosts.filter((h): h is Host => h !== undefined);
  if (named.length > 0) findings.addToEveryHost(map.everywhereFindings(), named);
  findings.flushInto(reporter);
  checkPrivilegedPorts(model, reporter);
}

type CollisionCode = 'LB2001' | 'LB2002' | 'LB2005';
interface CollisionPlan {
  /** Per code, the binds of the matching kind and address class on this bind's port, in model order. */
  lists: { list: number[]; code: CollisionCode }[];
  /** The findings, when they are the same on every host. */
  fixed?: SharedFinding[];
}
interface Meeting {
  /** The earlier bind. */
  a: Listener;
  code: CollisionCode;
}

/** The first meetings of `PortMap.reportCollisions` by comparing every pair: needed when a bind covers a port range. */
function pairwiseFirstMeetings(listeners: Listener[]): Meeting[][] {
  return listeners.map((b, j) => {
    const meetings: Meeting[] = [];
    for (let i = 0; i < j; i++) {
      const a = listeners[i];
      const collision = bindCollision(a.bind.address, b.bind.address);
      if (!collision) continue;
      const code = a.kind !== b.kind ? 'LB2005' : collision === 'same' ? 'LB2001' : 'LB2002';
      if (!meetings.some((m) => m.code === code)) meetings.push({ a, code });
    }
    return meetings;
  });
}

function collisionFinding(a: Listener, b: Listener, code: CollisionCode): SharedFinding {
  const at = formatAddress(b.bind.address);
  const other = formatAddress(a.bind.address);
  const related = [{ span: a.bind.span, message: `${describe(a)} binds ${other} here` }];
  if (code === 'LB2005') {
    const stats = a.kind === 'stats' ? a : b;
    return new SharedFinding('LB2005', b.bind.span,
      `${describe(b)} binds ${at}, which ${describe(a)} already uses (${other}); move the stats page ${stats.owner} to a port of its own, e.g. 127.0.0.1:8404`,
      related);
  }
  if (code === 'LB2001') {
    const sameOwner = a.owner === b.owner;
    return new SharedFinding('LB2001', b.bind.span,
      sameOwner
        ? `${describe(b)} binds ${at} twice (also ${other}); remove one of the binds`
        : `${at} is already bound by ${describe(a)} (${other}); give one of them another port or address`,
      related);
  }
  const wildcard = isWildcard(b.bind.address) ? b : a;
  const specific = wildcard === b ? a : b;
  return new SharedFinding('LB2002', b.bind.span,
    `${describe(wildcard)} listens on ${formatAddress(wildcard.bind.address)} (every address) and ${describe(specific)} on ${formatAddress(specific.bind.address)}: the specific bind silently takes that address's traffic; bind specific addresses in both or use different ports`,
    related);
}

/** LB2003: a frontend whose own backend has a server that is the frontend's own socket: every request loops. */
function checkProxyLoops(map: PortMap, host: Host | undefined, findings: PerHostFindings): void {
  // Only needed for a wildcard bind on a server's port, so worked out on first use.
  let local: Ip[] | undefined;
  // On a control-plane host, a local server on 6443 is kube-apiserver itself, not the frontend: the real problem
  // there is the frontend's bind on 6443 (LB2004), reported once by checkApiserverPort.
  const apiserverIsLocal = host !== undefined && map.runsApiserver(host);
  for (const { frontend: f, servers } of map.loopCandidates.on(host)) {
    for (const { backend, server } of servers) {
      if (apiserverIsLocal && server.address.port === APISERVER_PORT) continue;
      const bind = f.binds.find((b) => coversPort(b.address, server.address.port) && reachesBind(server.address, b.address, (local ??= map.localIps(host))));
      if (!bind) continue;
      findings.add(host, 'LB2003', server.addressSpan,
        `server ${server.name} (${formatAddress(server.address)}) in backend ${backend.name} is frontend ${f.name}'s own bind ${formatAddress(bind.address)}: requests would loop back into ${f.name}; point the server at the application's real port, or move the frontend to another port`,
        [{ span: bind.span, message: `frontend ${f.name} listens here` }]);
    }
  }
}

/** LB2004: kube-apiserver listens on *:6443 on control-plane nodes, so any haproxy bind on 6443 there fails. */
function checkApiserverPort(map: PortMap, listeners: Listener[], host: Host, findings: PerHostFindings): void {
  if (!map.runsApiserver(host)) return;
  const cp = nodesOfHost(map.model, host).find((n) => n.node.roles.includes('control-plane'));
  for (const l of listeners) {
    if (!coversPort(l.bind.address, APISERVER_PORT)) continue;
    findings.add(host, 'LB2004', l.bind.span,
      `${describe(l)} binds ${formatAddress(l.bind.address)} on a control-plane node, where kube-apiserver already listens on *:6443; use another port such as 8443 (and the same port in the cluster endpoint), or place the proxy on hosts without the apiserver with \`on HOST\``,
      cp ? [{ span: cp.node.span, message: `${cp.node.name} is a control-plane node: kube-apiserver runs here` }] : []);
  }
}

/** LB2016: a bind on a specific address that the host neither has nor may hold as a VIP. */
function checkForeignAddresses(map: PortMap, listeners: Listener[], host: Host, findings: PerHostFindings): void {
  let own: Ip[] | undefined;
  for (const l of listeners) {
    const ip = l.specificIp;
    if (!ip) continue;
    own ??= map.localIps(host);
    if (hasIp(own, ip)) continue;
    findings.add(host, 'LB2016', l.bind.span,
      `${describe(l)} binds ${formatAddress(l.bind.address)}, an address the host neither has nor holds as a VIP, so haproxy cannot start there; bind one of the host's addresses, *, or add the address to the host`,
      [{ span: host.nameSpan, message: `host ${host.name} has ${own.map((x) => x.text).join(', ') || 'no declared address'}` }]);
  }
}

function hasIp(ips: Ip[], ip: Ip): boolean {
  for (const x of ips) if (sameIp(x, ip)) return true;
  return false;
}

/** LB3014: on a BACKUP node the VIP is absent, so haproxy cannot bind it unless the bind is transparent or the host
 *  allows non-local binds ("Cannot assign requested address" at startup). */
function checkVipWithoutNonlocalBind(map: PortMap, listeners: Listener[], host: Host, findings: PerHostFindings): void {
  if (host.nonlocalBind) return;
  const vips = map.vipsOf(host);
  if (vips.length === 0) return;
  for (const l of listeners) {
    const ip = l.ip;
    if (!ip || l.bind.transparent) continue;
    // A loop, not `find` with a closure: this runs for every bind on every host.
    let vip: (typeof vips)[number] | undefined;
    for (const v of vips) {
      if (sameIp(v.vip.cidr.ip, ip)) {
        vip = v;
        break;
      }
    }
    if (!vip) continue;
    findings.add(host, 'LB3014', l.bind.span,
      `${describe(l)} binds the VIP ${ip.text} of vrrp ${vip.vrrp.name}, which a member does not hold while it is BACKUP, so haproxy would fail to start there; add \`transparent\` to the bind or \`nonlocal-bind\` to the host (or bind *:${l.bind.address.port})`,
      [{ span: vip.vip.span, message: `VIP of vrrp ${vip.vrrp.name}` }]);
  }
}

/** LB2019: KubeKey's internal haproxy runs on every pure worker and takes 127.0.0.1:6443 and *:8081 there. */
function checkKubeKeyInternalLb(model: Model, listeners: Listener[], host: Host, findings: PerHostFindings): void {
  for (const { node, clusterIndex } of nodesOfHost(model, host)) {
    const cluster = model.clusters[clusterIndex];
    const endpoint = cluster.endpoint;
    if (endpoint?.kind !== 'internal-haproxy') continue;
    if (!node.roles.includes('worker') || node.roles.includes('control-plane')) continue;
    for (const l of listeners) {
      const li = listenIp(l.bind.address);
      if (!li) continue;
      const onLoopback6443 = coversPort(l.bind.address, APISERVER_PORT) && ('wildcard' in li ? li.wildcard === 4 : li.ip.text === '127.0.0.1');
      const on8081 = coversPort(l.bind.address, KUBEKEY_LB_HEALTH_PORT);
      if (!onLoopback6443 && !on8081) continue;
      const port = onLoopback6443 ? '127.0.0.1:6443' : '*:8081';
      findings.add(host, 'LB2019', l.bind.span,
        `${describe(l)} binds ${formatAddress(l.bind.address)} on a worker of cluster ${cluster.name}, where KubeKey's internal haproxy listens on ${port}; use another port, or place the proxy elsewhere with \`on HOST\``,
        [{ span: endpoint.span, message: `cluster ${cluster.name} uses KubeKey's internal haproxy` }]);
    }
  }
}

/** LB2006: ports below 1024 need haproxy to start as root (or CAP_NET_BIND_SERVICE). Per bind, not per host. */
function checkPrivilegedPorts(model: Model, reporter: Reporter): void {
  const check = (bind: Bind, kind: string, owner: string) => {
    const lo = bind.address.port;
    if (lo >= 1024) return;
    reporter.report('LB2006', bind.span,
      `${kind} ${owner} binds port ${lo}, below 1024: haproxy must start as root (or have CAP_NET_BIND_SERVICE) and should drop privileges with \`user\`/\`group\` in global; use a port >= 1024 if that is not intended`);
  };
  for (const f of model.frontends) for (const bind of f.binds) check(bind, 'frontend', f.name);
  for (const s of model.stats) check(s.bind, 'stats page', s.name);
}
