/**
 * The per-host port map: every bind of every frontend and stats page that lands in one host's haproxy.cfg, checked
 * against the other binds there, against the proxy's own servers, against what the host owns (addresses, VIPs)
 * and against what else listens on it (kube-apiserver, KubeKey's internal haproxy).
 */
import type { Bind, Frontend, Host, Model } from '../model/model.ts';
import { hostRunsApiserver, proxiesOnHost } from '../model/placement.ts';
import { isLoopback, sameIp, type Ip } from '../model/values.ts';
import { addressIp, bindCollision, coversPort, formatAddress, isWildcard, listenIp, portRange, reachesBind } from './addresses.ts';
import { haproxyHosts, hostIps, hostVips, nodesOfHost } from './hosts.ts';
import { PerHostFindings, Reporter } from './report.ts';

const APISERVER_PORT = 6443;
/** KubeKey's internal haproxy health endpoint (`*:8081` with monitor-uri, domain.md §1.4). */
const KUBEKEY_LB_HEALTH_PORT = 8081;

interface Listener {
  kind: 'frontend' | 'stats';
  owner: string;
  bind: Bind;
}

function describe(l: Listener): string {
  return l.kind === 'frontend' ? `frontend ${l.owner}` : `stats page ${l.owner}`;
}

function listenersOn(model: Model, host: Host | undefined): { listeners: Listener[]; frontends: Frontend[] } {
  const { frontends, stats } = proxiesOnHost(model, host?.name);
  const listeners: Listener[] = [
    ...frontends.flatMap((f) => f.binds.map((bind) => ({ kind: 'frontend' as const, owner: f.name, bind }))),
    ...stats.map((s) => ({ kind: 'stats' as const, owner: s.name, bind: s.bind })),
  ];
  return { listeners, frontends };
}

export function checkPorts(model: Model, reporter: Reporter): void {
  const findings = new PerHostFindings();
  for (const host of haproxyHosts(model)) {
    const { listeners, frontends } = listenersOn(model, host);
    checkCollisions(listeners, host, findings);
    checkProxyLoops(model, frontends, host, findings);
    if (host) {
      checkApiserverPort(model, listeners, host, findings);
      checkForeignAddresses(model, listeners, host, findings);
      checkVipWithoutNonlocalBind(model, listeners, host, findings);
      checkKubeKeyInternalLb(model, listeners, host, findings);
    }
  }
  findings.flushInto(reporter);
  checkPrivilegedPorts(model, reporter);
}

/** LB2001 / LB2002 / LB2005: two binds that meet on one host. Each bind is reported once, against the first earlier
 *  bind it meets (per code), so three copies of `*:80` give two diagnostics, not three. */
function checkCollisions(listeners: Listener[], host: Host | undefined, findings: PerHostFindings): void {
  for (let j = 0; j < listeners.length; j++) {
    const b = listeners[j];
    const reported = new Set<string>();
    for (let i = 0; i < j; i++) {
      const a = listeners[i];
      const collision = bindCollision(a.bind.address, b.bind.address);
      if (!collision) continue;
      const at = formatAddress(b.bind.address);
      const other = formatAddress(a.bind.address);
      const related = [{ span: a.bind.span, message: `${describe(a)} binds ${other} here` }];
      if (a.kind !== b.kind) {
        if (reported.has('LB2005')) continue;
        reported.add('LB2005');
        const stats = a.kind === 'stats' ? a : b;
        findings.add(host, 'LB2005', b.bind.span,
          `${describe(b)} binds ${at}, which ${describe(a)} already uses (${other}); move the stats page ${stats.owner} to a port of its own, e.g. 127.0.0.1:8404`,
          related);
      } else if (collision === 'same') {
        if (reported.has('LB2001')) continue;
        reported.add('LB2001');
        const sameOwner = a.owner === b.owner;
        findings.add(host, 'LB2001', b.bind.span,
          sameOwner
            ? `${describe(b)} binds ${at} twice (also ${other}); remove one of the binds`
            : `${at} is already bound by ${describe(a)} (${other}); give one of them another port or address`,
          related);
      } else {
        if (reported.has('LB2002')) continue;
        reported.add('LB2002');
        const wildcard = isWildcard(b.bind.address) ? b : a;
        const specific = wildcard === b ? a : b;
        findings.add(host, 'LB2002', b.bind.span,
          `${describe(wildcard)} listens on ${formatAddress(wildcard.bind.address)} (every address) and ${describe(specific)} on ${formatAddress(specific.bind.address)}: the specific bind silently takes that address's traffic; bind specific addresses in both or use different ports`,
          related);
      }
    }
  }
}

/** Addresses that are local to a host: its own, and the VIPs it may hold. Without a host only loopback is known. */
function localIps(model: Model, host: Host | undefined): Ip[] {
  if (!host) return [];
  return [...hostIps(host), ...hostVips(model, host).map((v) => v.vip.cidr.ip)];
}

/** LB2003: a frontend whose own backend has a server that is the frontend's own socket: every request loops. */
function checkProxyLoops(model: Model, frontends: Frontend[], host: Host | undefined, findings: PerHostFindings): void {
  const local = localIps(model, host);
  // On a control-plane host, a local server on 6443 is kube-apiserver itself, not the frontend: the real problem
  // there is the frontend's bind on 6443 (LB2004), reported once by checkApiserverPort.
  const apiserverIsLocal = host !== undefined && hostRunsApiserver(model, host);
  // Indexed once: a `find` per reference made this quadratic (5,000 routed backends: ~0.4 s; bench/README.md).
  const backendsByName = new Map<string, Model['backends'][number]>();
  for (const b of model.backends) if (!backendsByName.has(b.name)) backendsByName.set(b.name, b);
  for (const f of frontends) {
    const backendNames = [...new Set([...(f.defaultBackend ? [f.defaultBackend.name] : []), ...f.routes.map((r) => r.backend.name)])];
    for (const name of backendNames) {
      const backend = backendsByName.get(name);
      if (!backend) continue; // an unknown name is reported by name resolution
      for (const server of backend.servers) {
        if (apiserverIsLocal && server.address.port === APISERVER_PORT) continue;
        const bind = f.binds.find((b) => reachesBind(server.address, b.address, local));
        if (!bind) continue;
        findings.add(host, 'LB2003', server.addressSpan,
          `server ${server.name} (${formatAddress(server.address)}) in backend ${backend.name} is frontend ${f.name}'s own bind ${formatAddress(bind.address)}: requests would loop back into ${f.name}; point the server at the application's real port, or move the frontend to another port`,
          [{ span: bind.span, message: `frontend ${f.name} listens here` }]);
      }
    }
  }
}

/** LB2004: kube-apiserver listens on *:6443 on control-plane nodes, so any haproxy bind on 6443 there fails. */
function checkApiserverPort(model: Model, listeners: Listener[], host: Host, findings: PerHostFindings): void {
  if (!hostRunsApiserver(model, host)) return;
  const cp = nodesOfHost(model, host).find((n) => n.node.roles.includes('control-plane'));
  for (const l of listeners) {
    if (!coversPort(l.bind.address, APISERVER_PORT)) continue;
    findings.add(host, 'LB2004', l.bind.span,
      `${describe(l)} binds ${formatAddress(l.bind.address)} on a control-plane node, where kube-apiserver already listens on *:6443; use another port such as 8443 (and the same port in the cluster endpoint), or place the proxy on hosts without the apiserver with \`on HOST\``,
      cp ? [{ span: cp.node.span, message: `${cp.node.name} is a control-plane node: kube-apiserver runs here` }] : []);
  }
}

/** LB2016: a bind on a specific address that the host neither has nor may hold as a VIP. */
function checkForeignAddresses(model: Model, listeners: Listener[], host: Host, findings: PerHostFindings): void {
  const own = localIps(model, host);
  for (const l of listeners) {
    const ip = addressIp(l.bind.address);
    const li = listenIp(l.bind.address);
    if (!ip || !li || 'wildcard' in li || isLoopback(ip) || own.some((x) => sameIp(x, ip))) continue;
    findings.add(host, 'LB2016', l.bind.span,
      `${describe(l)} binds ${formatAddress(l.bind.address)}, an address the host neither has nor holds as a VIP, so haproxy cannot start there; bind one of the host's addresses, *, or add the address to the host`,
      [{ span: host.nameSpan, message: `host ${host.name} has ${own.map((x) => x.text).join(', ') || 'no declared address'}` }]);
  }
}

/** LB3014: on a BACKUP node the VIP is absent, so haproxy cannot bind it unless the bind is transparent or the host
 *  allows non-local binds ("Cannot assign requested address" at startup). */
function checkVipWithoutNonlocalBind(model: Model, listeners: Listener[], host: Host, findings: PerHostFindings): void {
  if (host.nonlocalBind) return;
  const vips = hostVips(model, host);
  for (const l of listeners) {
    const ip = addressIp(l.bind.address);
    if (!ip || l.bind.transparent) continue;
    const vip = vips.find((v) => sameIp(v.vip.cidr.ip, ip));
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
  const binds: { bind: Bind; who: string }[] = [
    ...model.frontends.flatMap((f) => f.binds.map((bind) => ({ bind, who: `frontend ${f.name}` }))),
    ...model.stats.map((s) => ({ bind: s.bind, who: `stats page ${s.name}` })),
  ];
  for (const { bind, who } of binds) {
    const [lo] = portRange(bind.address);
    if (lo >= 1024) continue;
    reporter.report('LB2006', bind.span,
      `${who} binds port ${lo}, below 1024: haproxy must start as root (or have CAP_NET_BIND_SERVICE) and should drop privileges with \`user\`/\`group\` in global; use a port >= 1024 if that is not intended`);
  }
}
