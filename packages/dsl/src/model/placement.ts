/**
 * Which machine runs what. Shared by the port checks and the emitters so both agree on the per-host picture.
 */
import type { Backend, Frontend, Host, Model, Placement, Stats } from './model.ts';
import { sameIp, type Ip } from './values.ts';

/** Hosts that run haproxy: role `lb`, or a member of any `vrrp`. Declaration order. */
export function loadBalancerHosts(model: Model): Host[] {
  const members = new Set(model.vrrps.flatMap((v) => v.members.map((m) => m.host.name)));
  return model.hosts.filter((h) => h.roles.includes('lb') || members.has(h.name));
}

function placedOn(placement: Placement, host: string | undefined): boolean {
  return host === undefined || placement === undefined || placement.some((r) => r.name === host);
}

/** The proxies emitted into one host's haproxy.cfg (`host` undefined: a file without hosts, everything). */
export function proxiesOnHost(model: Model, host: string | undefined): { frontends: Frontend[]; backends: Backend[]; stats: Stats[] } {
  const frontends = model.frontends.filter((f) => placedOn(f.placement, host));
  const stats = model.stats.filter((s) => placedOn(s.placement, host));
  // A backend goes wherever it is placed; unplaced backends go to every host that has haproxy.
  const backends = model.backends.filter((b) => placedOn(b.placement, host));
  return { frontends, backends, stats };
}

/** VRRP instances a host takes part in. */
export function vrrpsOfHost(model: Model, host: string) {
  return model.vrrps.filter((v) => v.members.some((m) => m.host.name === host));
}

/** True when the host is a control-plane node of some cluster (by node name or by address), so kube-apiserver
 *  listens on *:6443 there. */
export function hostRunsApiserver(model: Model, host: Host): boolean {
  return model.clusters.some((c) =>
    c.nodes.some(
      (n) =>
        n.roles.includes('control-plane') &&
        (n.name === host.name || host.addresses.some((a) => sameIp(a, n.address) || (n.internalAddress !== undefined && sameIp(a, n.internalAddress)))),
    ),
  );
}

/** The hosts a placement names (undefined: every host), for answering `placedOn` for many hosts at once. */
export function placementHosts(placement: Placement): ReadonlySet<string> | undefined {
  return placement === undefined ? undefined : new Set(placement.map((r) => r.name));
}

/**
 * `hostRunsApiserver` for many hosts: the control-plane nodes' names and addresses are indexed once instead of
 * scanning every cluster for every host.
 */
export function apiserverHostTest(model: Model): (host: Host) => boolean {
  const names = new Set<string>();
  const ips = new Set<string>();
  for (const c of model.clusters) {
    for (const n of c.nodes) {
      if (!n.roles.includes('control-plane')) continue;
      names.add(n.name);
      ips.add(ipKey(n.address));
      if (n.internalAddress !== undefined) ips.add(ipKey(n.internalAddress));
    }
  }
  return (host) => names.has(host.name) || host.addresses.some((a) => ips.has(ipKey(a)));
}

/** Equal for two IPs exactly when `sameIp` holds. */
function ipKey(ip: Ip): string {
  return `${ip.family}|${ip.text}`;
}
