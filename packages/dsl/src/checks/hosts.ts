/**
 * What the checks need to know about machines: which hosts run haproxy (or the one implicit host of a file without
 * hosts), what addresses a host owns or may hold, and which cluster nodes it is.
 */
import type { ClusterNode, Host, Model, Vrrp } from '../model/model.ts';
import { loadBalancerHosts, vrrpsOfHost } from '../model/placement.ts';
import { sameIp, type Ip } from '../model/values.ts';

/**
 * The hosts whose haproxy.cfg the port checks examine. `undefined` stands for the one implicit host of a file that
 * declares no load-balancer host (then every proxy lands in one haproxy.cfg, as the emitter does).
 */
export function haproxyHosts(model: Model): (Host | undefined)[] {
  const hosts = loadBalancerHosts(model);
  return hosts.length > 0 ? hosts : [undefined];
}

/** Every address configured on a host: its addresses and its interfaces' own addresses, without duplicates. */
export function hostIps(host: Host): Ip[] {
  const out: Ip[] = [];
  for (const ip of [...host.addresses, ...host.interfaces.flatMap((i) => (i.address ? [i.address.ip] : []))]) {
    if (!out.some((x) => sameIp(x, ip))) out.push(ip);
  }
  return out;
}

/** The VIPs a host may hold: those of every vrrp it is a member of. */
export function hostVips(model: Model, host: Host): { vrrp: Vrrp; vip: Vrrp['vips'][number] }[] {
  return vrrpsOfHost(model, host.name).flatMap((vrrp) => vrrp.vips.map((vip) => ({ vrrp, vip })));
}

/** The cluster nodes a host is (by node name, or by a shared address), as placement.ts's hostRunsApiserver does. */
export function nodesOfHost(model: Model, host: Host): { node: ClusterNode; clusterIndex: number }[] {
  const out: { node: ClusterNode; clusterIndex: number }[] = [];
  model.clusters.forEach((c, clusterIndex) => {
    for (const n of c.nodes) {
      const byAddress = host.addresses.some((a) => nodeIps(n).some((x) => sameIp(a, x)));
      if (n.name === host.name || byAddress) out.push({ node: n, clusterIndex });
    }
  });
  return out;
}

export function nodeIps(n: ClusterNode): Ip[] {
  return n.internalAddress && !sameIp(n.internalAddress, n.address) ? [n.address, n.internalAddress] : [n.address];
}

/** The address KubeKey and the apiserver backend use for a node: its internal address, else its SSH address. */
export function nodeInternalIp(n: ClusterNode): Ip {
  return n.internalAddress ?? n.address;
}

