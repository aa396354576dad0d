/**
 * Kubernetes cluster (KubeKey) checks: roles and etcd, node names and addresses, version, networks, and the
 * control-plane endpoint agreeing with the VIP and the haproxy that serves it (domain.md §4 L29-L40, §5).
 */
import type { RelatedInfo } from '../diagnostics/diagnostic.ts';
import type { Backend, Cluster, ClusterNode, Frontend, Model } from '../model/model.ts';
import { loadBalancerHosts } from '../model/placement.ts';
import { cidrContains, cidrsOverlap, cidrText, ipToBigInt as ipNumber, networkRange, sameIp, type Cidr, type Ip } from '../model/values.ts';
import { addressIp, coversPort, formatAddress, listenIp } from './addresses.ts';
import { hostIps, nodeInternalIp, nodeIps } from './hosts.ts';
import type { Reporter } from './report.ts';
import { routedBackendNames } from './routes.ts';

const APISERVER_PORT = 6443;

/**
 * Kubernetes minors KubeKey 3.1 can install. Source: kubesphere/kubekey 3.x, cmd/kk/pkg/version/kubernetes/
 * version_enum.go (VersionList v1.19-v1.28) and the kubeadm checksum table in cmd/kk/pkg/files, which 3.1.x patch
 * releases extended up to v1.31. kk refuses other versions at its confirmation step (domain.md §1.3).
 */
const SUPPORTED_MINORS = { major: 1, from: 19, to: 31 };

/** A Kubernetes node name: a lowercase RFC 1123 subdomain (KubeKey also makes it the hostname). */
const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkClusters(model: Model, reporter: Reporter): void {
  const proxies = new FrontendBackends(model);
  const haproxyHosts = new Set(loadBalancerHosts(model).map((h) => h.name));
  const machines = new MachineNetworks(model);
  for (const c of model.clusters) {
    checkRoles(c, reporter);
    checkNodes(c, reporter);
    checkVersion(c, reporter);
    checkEndpoint(model, c, reporter);
    checkNetworks(c, reporter, machines);
    checkApiserverProxies(model, c, reporter, proxies, haproxyHosts);
  }
}

const withRole = (c: Cluster, role: ClusterNode['roles'][number]) => c.nodes.filter((n) => n.roles.includes(role));

/** LB4001, LB4002, LB4003, LB4009, LB4013. */
function checkRoles(c: Cluster, reporter: Reporter): void {
  const controlPlanes = withRole(c, 'control-plane');
  const etcdSpan = c.etcd.span ?? c.nameSpan;
  if (controlPlanes.length === 0) {
    reporter.report('LB4001', c.nameSpan, `cluster ${c.name} has no control-plane node, which KubeKey refuses; give at least one node \`roles control-plane\``);
  }
  if (c.etcd.type === 'kubekey' && withRole(c, 'etcd').length === 0) {
    reporter.report('LB4002', etcdSpan, `cluster ${c.name} runs etcd the KubeKey way but no node has role etcd; add \`etcd\` to the roles of the control-plane nodes (an odd number, e.g. 3)`);
  }
  // Stacked etcd (kubeadm) runs one member per control-plane node.
  const members = c.etcd.type === 'kubekey' ? withRole(c, 'etcd') : c.etcd.type === 'kubeadm' ? controlPlanes : [];
  if (members.length > 0 && members.length % 2 === 0) {
    reporter.report('LB4003', etcdSpan,
      `cluster ${c.name} has ${members.length} etcd members, which tolerate no more failures than ${members.length - 1} would; use an odd number of etcd members (${members.length - 1} or ${members.length + 1})`,
      [{ span: members[members.length - 1].nameSpan, message: `etcd member ${members[members.length - 1].name}` }]);
  }
  if (c.etcd.type === 'external' && !(c.etcd.endpoints && c.etcd.endpoints.length > 0)) {
    reporter.report('LB4013', etcdSpan, `cluster ${c.name} uses an external etcd without endpoints; add \`etcd external endpoints "https://ETCD:2379"\``);
  }
  if (controlPlanes.length >= 2 && !c.endpoint) {
    reporter.report('LB4009', c.nameSpan,
      `cluster ${c.name} has ${controlPlanes.length} control-plane nodes but no endpoint, so every node talks to the first one and the cluster is not highly available; add \`endpoint VRRP port 6443\`, \`endpoint internal-haproxy\` or \`endpoint kube-vip ADDRESS\``);
  }
}

/** LB4007, LB4008. */
function checkNodes(c: Cluster, reporter: Reporter): void {
  c.nodes.forEach((n, j) => {
    const earlier = c.nodes.slice(0, j);
    const sameName = earlier.find((x) => x.name === n.name);
    if (sameName) {
      reporter.report('LB4007', n.nameSpan, `cluster ${c.name} declares node ${n.name} twice (KubeKey silently keeps the last); rename or remove one`,
        [{ span: sameName.nameSpan, message: `first node ${n.name}` }]);
    } else {
      const sameAddress = earlier.find((x) => nodeIps(x).some((a) => nodeIps(n).some((b) => sameIp(a, b))));
      if (sameAddress) {
        const shared = nodeIps(n).find((b) => nodeIps(sameAddress).some((a) => sameIp(a, b)))!;
        reporter.report('LB4007', n.span, `node ${n.name} has address ${shared.text}, like node ${sameAddress.name}; give each node its own address`,
          [{ span: sameAddress.span, message: `node ${sameAddress.name}` }]);
      }
    }
    if (!NODE_NAME.test(n.name) || n.name.length > 253) {
      const suggestion = n.name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
      reporter.report('LB4008', n.nameSpan,
        `node name ${n.name} is not a valid Kubernetes node name (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit); rename it${suggestion ? `, e.g. ${suggestion}` : ''}`,
        undefined);
    }
  });
}

/** LB4011. */
function checkVersion(c: Cluster, reporter: Reporter): void {
  const text = c.kubernetes.version;
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-(?:k3s|k8e)\w*)?$/.exec(text);
  const { major, from, to } = SUPPORTED_MINORS;
  const range = `v${major}.${from} to v${major}.${to}`;
  if (!m) {
    reporter.report('LB4011', c.kubernetes.span, `${text} is not a Kubernetes version KubeKey understands; write it like v1.28.8 (KubeKey supports ${range})`);
    return;
  }
  const [maj, minor] = [Number(m[1]), Number(m[2])];
  if (maj !== major || minor < from || minor > to) {
    reporter.report('LB4011', c.kubernetes.span, `KubeKey 3.1 cannot install Kubernetes ${text}; use a version from ${range}, e.g. v1.28.8`);
  }
}

/** LB4006, LB4010, LB4012, LB4014: the endpoint on its own. */
function checkEndpoint(model: Model, c: Cluster, reporter: Reporter): void {
  const e = c.endpoint;
  if (!e) return;
  if (e.kind === 'internal-haproxy') {
    if (e.address) {
      reporter.report('LB4006', e.span,
        `KubeKey's internal haproxy balances on 127.0.0.1 of every worker and refuses an address (it exits with status 0 without installing); remove the address ${e.address.text}, or use \`endpoint VRRP\` for a VIP`);
    }
    if (e.port !== APISERVER_PORT) {
      reporter.report('LB4012', e.span, `KubeKey's internal haproxy always listens on 6443, so port ${e.port} would point kubelets at nothing; use port 6443`);
    }
  }
  if (e.kind === 'kube-vip') {
    if (!e.address) {
      reporter.report('LB4010', e.span, `kube-vip needs a free VIP, and without one KubeKey silently uses the first master's address (no HA); write \`endpoint kube-vip ADDRESS\` with an unused address in the nodes' subnet`);
    } else {
      const owners = machinesWithIp(model, e.address);
      if (owners.length > 0) {
        reporter.report('LB4010', e.span, `kube-vip address ${e.address.text} is already a machine's own address; use an unused address in the nodes' subnet`, owners);
      }
    }
    if ((c.kubernetes.proxyMode ?? 'ipvs') === 'ipvs') {
      reporter.report('LB4014', e.span,
        `kube-vip with kube-proxy in ipvs mode${c.kubernetes.proxyMode ? '' : ' (KubeKey\'s default)'} needs the node CIDR in ipvs.excludeCIDRs or kube-proxy hijacks the VIP (kubekey#1702); set \`proxy-mode iptables\``,
        [{ span: c.kubernetes.span, message: 'kubernetes settings' }]);
    }
  }
}

function machinesWithIp(model: Model, ip: Ip): RelatedInfo[] {
  const out: RelatedInfo[] = [];
  for (const h of model.hosts) if (hostIps(h).some((x) => sameIp(x, ip))) out.push({ span: h.nameSpan, message: `host ${h.name} has ${ip.text}` });
  for (const c of model.clusters) {
    for (const n of c.nodes) if (nodeIps(n).some((x) => sameIp(x, ip))) out.push({ span: n.nameSpan, message: `node ${n.name} has ${ip.text}` });
  }
  return out;
}

/**
 * The networks and addresses the machines use, in the order LB4004 lists them (per host its interfaces, then its
 * addresses outside its own interfaces' subnets; then the VIPs), as number ranges: worked out once for all clusters.
 */
class MachineNetworks {
  readonly entries: { family: number; lo: bigint; hi: bigint; clash: () => RelatedInfo }[] = [];

  constructor(model: Model) {
    for (const h of model.hosts) {
      for (const i of h.interfaces) {
        const address = i.address;
        if (!address) continue;
        const [lo, hi] = networkRange(address);
        this.entries.push({ family: address.ip.family, lo, hi, clash: () => ({ span: i.span, message: `interface ${i.name} of host ${h.name} is on ${cidrText(address)}` }) });
      }
      for (const a of h.addresses) {
        if (h.interfaces.some((i) => i.address && cidrContains(i.address, a))) continue;
        const n = ipNumber(a);
        this.entries.push({ family: a.family, lo: n, hi: n, clash: () => ({ span: h.nameSpan, message: `host ${h.name} has address ${a.text}` }) });
      }
    }
    for (const v of model.vrrps) {
      for (const vip of v.vips) {
        const n = ipNumber(vip.cidr.ip);
        this.entries.push({ family: vip.cidr.ip.family, lo: n, hi: n, clash: () => ({ span: vip.span, message: `VIP ${vip.cidr.ip.text} of vrrp ${v.name}` }) });
      }
    }
  }

  /** What lies in (or overlaps) a network. */
  clashesWith(net: Cidr): RelatedInfo[] {
    const [lo, hi] = networkRange(net);
    const family = net.ip.family;
    const out: RelatedInfo[] = [];
    for (const e of this.entries) if (e.family === family && e.lo <= hi && lo <= e.hi) out.push(e.clash());
    return out;
  }
}

/** LB4004: pod and service ranges must not overlap each other or any network the machines are on. */
function checkNetworks(c: Cluster, reporter: Reporter, machines: MachineNetworks): void {
  const { pods, services } = c.network;
  if (cidrsOverlap(pods.cidr, services.cidr)) {
    reporter.report('LB4004', services.span,
      `service range ${cidrText(services.cidr)} overlaps pod range ${cidrText(pods.cidr)}; choose ranges that do not overlap (KubeKey's defaults are pods 10.233.64.0/18, services 10.233.0.0/18)`,
      [{ span: pods.span, message: `pod range ${cidrText(pods.cidr)}` }]);
  }
  for (const [what, net] of [['pod', pods], ['service', services]] as const) {
    const clashes = machines.clashesWith(net.cidr);
    for (const n of c.nodes) {
      const ip = nodeIps(n).find((x) => cidrContains(net.cidr, x));
      if (ip) clashes.push({ span: n.span, message: `node ${n.name} has address ${ip.text}` });
    }
    if (clashes.length === 0) continue;
    reporter.report('LB4004', net.span,
      `${what} range ${cidrText(net.cidr)} overlaps addresses the machines already use (${clashes.map((x) => x.message).join('; ')}), so traffic to them would be routed into the cluster; choose a ${what} range no machine, VIP or node uses`,
      clashes);
  }
}

/** Where the endpoint says clients connect: an address and port, and the haproxy hosts that receive that address. */
function endpointTarget(model: Model, c: Cluster, haproxyHosts: ReadonlySet<string>): { ip: Ip; port: number; hosts: string[] } | undefined {
  const e = c.endpoint;
  if (!e) return undefined;
  if (e.kind === 'vrrp') {
    const v = model.vrrps.find((x) => x.name === e.vrrp.name);
    if (!v || v.vips.length === 0) return undefined; // unknown name: name resolution reports it
    return { ip: v.vips[0].cidr.ip, port: e.port, hosts: v.members.map((m) => m.host.name).filter((h) => haproxyHosts.has(h)) };
  }
  if (e.kind === 'address') {
    const holders = [
      ...model.vrrps.filter((v) => v.vips.some((x) => sameIp(x.cidr.ip, e.address))).flatMap((v) => v.members.map((m) => m.host.name)),
      ...model.hosts.filter((h) => hostIps(h).some((x) => sameIp(x, e.address))).map((h) => h.name),
    ];
    return { ip: e.address, port: e.port, hosts: holders.filter((h) => haproxyHosts.has(h)) };
  }
  return undefined;
}

function runsOnAny(f: Frontend, hosts: string[]): boolean {
  return f.placement === undefined ? hosts.length > 0 : f.placement.some((r) => hosts.includes(r.name));
}

/**
 * Which backends each frontend hands traffic to (in declaration order, every backend of a referenced name), and
 * the IPs of their servers on the apiserver port. Worked out once for all clusters: scanning every backend for
 * every frontend of every cluster was cubic on large files.
 */
class FrontendBackends {
  readonly #byName = new Map<string, number[]>();
  readonly #backends = new Map<Frontend, Backend[]>();
  readonly #apiserverIps = new Map<Frontend, string[]>();
  #withBinds?: { single: Map<number, number[]>; ranged: number[]; forwarding: number[] };
  readonly #candidates = new Map<number | undefined, Frontend[]>();
  /** Per backend, the control-plane layouts (see `layoutKey`) it was found to match exactly (no LB4015). */
  readonly cleanApiserverBackends = new Map<Backend, Set<string>>();

  constructor(private readonly model: Model) {
    model.backends.forEach((b, i) => {
      const list = this.#byName.get(b.name);
      if (list) list.push(i);
      else this.#byName.set(b.name, [i]);
    });
  }

  backendsOf(f: Frontend): Backend[] {
    let backends = this.#backends.get(f);
    if (!backends) {
      const indices: number[] = [];
      for (const name of routedBackendNames(f)) {
        const declared = this.#byName.get(name);
        if (declared) indices.push(...declared);
      }
      backends = indices.sort((a, b) => a - b).map((i) => this.model.backends[i]);
      this.#backends.set(f, backends);
    }
    return backends;
  }

  /** In declaration order, the frontends with a bind on `port` (if given) or with servers on port 6443. */
  candidates(port: number | undefined): Frontend[] {
    let out = this.#candidates.get(port);
    if (!out) this.#candidates.set(port, (out = this.#findCandidates(port)));
    return out;
  }

  #findCandidates(port: number | undefined): Frontend[] {
    if (!this.#withBinds) {
      const single = new Map<number, number[]>();
      const ranged: number[] = [];
      this.model.frontends.forEach((f, i) => {
        for (const b of f.binds) {
          const { port: lo, portEnd } = b.address;
          if (portEnd !== undefined && portEnd !== lo) ranged.push(i);
          else {
            const list = single.get(lo);
            if (list) list.push(i);
            else single.set(lo, [i]);
          }
        }
      });
      const forwarding: number[] = [];
      this.model.frontends.forEach((f, i) => {
        if (this.apiserverServerIps(f).length > 0) forwarding.push(i);
      });
      this.#withBinds = { single, ranged, forwarding };
    }
    const { single, ranged, forwarding } = this.#withBinds;
    const indices = new Set(forwarding);
    if (port !== undefined) {
      for (const i of single.get(port) ?? []) indices.add(i);
      for (const i of ranged) if (this.model.frontends[i].binds.some((b) => coversPort(b.address, port))) indices.add(i);
    }
    return [...indices].sort((a, b) => a - b).map((i) => this.model.frontends[i]);
  }

  /** IPs of the servers on port 6443 behind a frontend, as `ipKey`s. */
  apiserverServerIps(f: Frontend): string[] {
    let ips = this.#apiserverIps.get(f);
    if (!ips) {
      ips = [];
      for (const b of this.backendsOf(f)) {
        for (const s of b.servers) {
          const ip = addressIp(s.address);
          if (ip !== undefined && s.address.port === APISERVER_PORT) ips.push(ipKey(ip));
        }
      }
      this.#apiserverIps.set(f, ips);
    }
    return ips;
  }
}

/** A key equal for two IPs exactly when `sameIp` holds. */
const ipKey = (ip: Ip) => `${ip.family}|${ip.text}`;

/**
 * LB4005 / LB4015. The apiserver frontends are those that receive the endpoint's address and port (derived or
 * written), plus any user frontend that forwards to a control-plane node on 6443. The first kind must forward to
 * exactly the control-plane nodes; the second kind must also listen where the endpoint says.
 */
function checkApiserverProxies(model: Model, c: Cluster, reporter: Reporter, proxies: FrontendBackends, haproxyHosts: ReadonlySet<string>): void {
  const target = endpointTarget(model, c, haproxyHosts);
  const receives = (f: Frontend) => {
    if (target === undefined) return false;
    for (const b of f.binds) {
      if (!coversPort(b.address, target.port)) continue;
      const l = listenIp(b.address);
      if (!l) continue;
      // With no known host behind the address, a wildcard bind on the right port gets the benefit of the doubt.
      const hit = 'ip' in l
        ? sameIp(l.ip, target.ip)
        : l.wildcard === target.ip.family && (target.hosts.length === 0 || runsOnAny(f, target.hosts));
      if (hit) return true;
    }
    return false;
  };
  const controlPlaneIps = new Set(withRole(c, 'control-plane').flatMap((n) => nodeIps(n).map(ipKey)));
  const forwardsToApiserver = (f: Frontend) => proxies.apiserverServerIps(f).some((key) => controlPlaneIps.has(key));

  const checkedBackends = new Set<Backend>();
  let expectation: ApiserverExpectation | undefined;
  // Only a frontend with a bind on the endpoint's port can receive, and only one with apiserver servers forward.
  for (const f of proxies.candidates(target?.port)) {
    const receiving = receives(f);
    const forwarding = forwardsToApiserver(f);
    if (!receiving && !forwarding) continue;
    if (forwarding && !receiving && target && f.origin.kind === 'user' && (target.hosts.length === 0 || runsOnAny(f, target.hosts))) {
      const e = c.endpoint!;
      const binds = f.binds.map((b) => formatAddress(b.address)).join(', ') || 'nothing';
      reporter.report('LB4005', f.binds[0]?.span ?? f.nameSpan,
        `frontend ${f.name} forwards to the kube-apiserver of cluster ${c.name} but binds ${binds}, while the cluster endpoint is ${target.ip.text}:${target.port}; bind *:${target.port} (or ${target.ip.text}:${target.port}) or make the endpoint port match the frontend`,
        [{ span: e.span, message: `endpoint of cluster ${c.name}: ${target.ip.text}:${target.port}` }]);
    }
    for (const b of proxies.backendsOf(f)) {
      if (checkedBackends.has(b)) continue;
      checkedBackends.add(b);
      checkApiserverBackendOnce(c, b, reporter, (expectation ??= apiserverExpectation(c)), proxies);
    }
  }
}

const expected = (n: ClusterNode) => `${nodeInternalIp(n).text}:${APISERVER_PORT}`;

interface ApiserverExpectation {
  controlPlanes: ClusterNode[];
  list: string;
  /**
   * The control-plane addresses in order: all that decides whether a backend passes LB4015 (names only appear in
   * the messages), so a backend that passed for one cluster passes for any other with the same layout.
   */
  layoutKey: string;
}

/** What a cluster's apiserver backends must list: worked out once per cluster, not per backend. */
function apiserverExpectation(c: Cluster): ApiserverExpectation {
  const controlPlanes = withRole(c, 'control-plane');
  const layoutKey = controlPlanes.map((n) => `${ipKey(n.address)},${n.internalAddress ? ipKey(n.internalAddress) : ''}`).join(';');
  return { controlPlanes, list: controlPlanes.map(expected).join(', '), layoutKey };
}

/** LB4015 for one backend, skipped when it already passed against the same control-plane layout. */
function checkApiserverBackendOnce(c: Cluster, b: Backend, reporter: Reporter, expectation: ApiserverExpectation, proxies: FrontendBackends): void {
  const passed = proxies.cleanApiserverBackends.get(b);
  if (passed?.has(expectation.layoutKey)) return;
  const before = reporter.diagnostics.length;
  checkApiserverBackend(c, b, reporter, expectation);
  if (reporter.diagnostics.length !== before) return;
  if (passed) passed.add(expectation.layoutKey);
  else proxies.cleanApiserverBackends.set(b, new Set([expectation.layoutKey]));
}

/** LB4015: the apiserver backend is exactly the control-plane nodes' internal addresses on 6443. */
function checkApiserverBackend(c: Cluster, b: Backend, reporter: Reporter, { controlPlanes, list }: ApiserverExpectation): void {
  for (const s of b.servers) {
    const ip = addressIp(s.address);
    if (!ip) continue; // a DNS name cannot be compared with node addresses
    const node = controlPlanes.find((n) => nodeIps(n).some((x) => sameIp(x, ip)));
    let problem: string | undefined;
    if (!node) problem = `is not a control-plane node of cluster ${c.name}`;
    else if (s.address.port !== APISERVER_PORT) problem = `points at port ${s.address.port}, but kube-apiserver listens on ${APISERVER_PORT}`;
    else if (!sameIp(ip, nodeInternalIp(node))) problem = `uses ${node.name}'s SSH address instead of its internal address ${nodeInternalIp(node).text}`;
    if (!problem) continue;
    reporter.report('LB4015', s.addressSpan,
      `server ${s.name} (${formatAddress(s.address)}) in apiserver backend ${b.name} ${problem}; the backend must list exactly the control-plane nodes: ${list}`,
      node ? [{ span: node.nameSpan, message: `control-plane node ${node.name}` }] : [{ span: c.nameSpan, message: `cluster ${c.name}` }]);
  }
  for (const n of controlPlanes) {
    const present = b.servers.some((s) => {
      const ip = addressIp(s.address);
      return ip !== undefined && nodeIps(n).some((x) => sameIp(x, ip));
    });
    if (present) continue;
    reporter.report('LB4015', b.nameSpan,
      `apiserver backend ${b.name} lacks control-plane node ${n.name}; add \`server ${n.name} ${expected(n)}\``,
      [{ span: n.nameSpan, message: `control-plane node ${n.name} of cluster ${c.name}` }]);
  }
}
