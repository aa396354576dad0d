/**
 * VRRP (keepalived) checks: what `keepalived -t` cannot see because it needs the peers' files or the network
 * (domain.md §2.7): router id collisions on a segment, priorities, VIP placement, tracker weights, and the few
 * things it does reject (auth length, auth with v3, interface names) caught earlier with a span.
 */
import type { RelatedInfo } from '../diagnostics/diagnostic.ts';
import type { Host, Interface, Model, Vrrp, VrrpMember } from '../model/model.ts';
import { cidrContains, cidrsOverlap, cidrText, type Cidr, type Ip } from '../model/values.ts';
import { hostIps, nodeIps } from './hosts.ts';
import { PerHostFindings, type Reporter } from './report.ts';

/** keepalived priorities: 255 is the address owner, and tracked priorities stay within 1..254. */
const OWNER_PRIORITY = 255;
const MAX_TRACKED_PRIORITY = 254;
const MIN_PRIORITY = 1;
/** IFNAMSIZ is 16 including the terminating NUL. */
const MAX_INTERFACE_NAME = 15;
/** keepalived uses only the first 8 characters of auth_pass. */
const MAX_AUTH_PASS = 8;

export function checkVrrps(model: Model, reporter: Reporter): void {
  const findings = new PerHostFindings();
  const index = new VrrpIndex(model);
  model.vrrps.forEach((v, i) => {
    checkRouterIdCollision(index, v, model.vrrps.slice(0, i), reporter);
    checkMembers(index, v, reporter);
    checkPlacement(index, v, findings, reporter);
    checkVipNotAnAddress(index, v, reporter);
    checkAuth(v, reporter);
    checkTracking(v, reporter);
    if (v.nopreempt && v.master) {
      reporter.report('LB3006', v.nopreempt.span,
        `vrrp ${v.name} has \`nopreempt\` and an explicit master ${v.master.name}: keepalived ignores nopreempt on a MASTER; remove \`master\` (all members start as BACKUP) or remove \`nopreempt\``,
        [{ span: v.master.span, message: 'explicit master' }]);
    }
  });
  findings.flushInto(reporter);
  checkInterfaceNames(model, reporter);
}

/**
 * Lookups the vrrp checks repeat for every instance, built once per run: with many instances and hosts, scanning
 * every host (and every machine address) for each member and VIP was quadratic.
 */
class VrrpIndex {
  readonly #hosts = new Map<string, Host>();
  readonly #segments = new Map<Vrrp, Segments>();
  readonly #vipSets = new Map<Vrrp, string>();
  #owners?: Map<string, RelatedInfo[]>;

  constructor(readonly model: Model) {
    // First declaration of a name wins, as a `find` would.
    for (const h of model.hosts) if (!this.#hosts.has(h.name)) this.#hosts.set(h.name, h);
  }

  host(name: string): Host | undefined {
    return this.#hosts.get(name);
  }

  segments(v: Vrrp): Segments {
    let out = this.#segments.get(v);
    if (!out) this.#segments.set(v, (out = segments(this, v)));
    return out;
  }

  vipSet(v: Vrrp): string {
    let out = this.#vipSets.get(v);
    if (out === undefined) this.#vipSets.set(v, (out = vipSet(v)));
    return out;
  }

  /** The machines (hosts, then cluster nodes, in declaration order) that have an address of their own. */
  ownersOf(ip: Ip): RelatedInfo[] {
    if (!this.#owners) {
      const owners = new Map<string, RelatedInfo[]>();
      const add = (ips: Ip[], owner: RelatedInfo) => {
        for (const key of new Set(ips.map(ipKey))) {
          const list = owners.get(key);
          if (list) list.push(owner);
          else owners.set(key, [owner]);
        }
      };
      for (const h of this.model.hosts) add(hostIps(h), { span: h.nameSpan, message: `host ${h.name} has this address` });
      for (const c of this.model.clusters) {
        for (const n of c.nodes) add(nodeIps(n), { span: n.nameSpan, message: `node ${n.name} of cluster ${c.name} has this address` });
      }
      this.#owners = owners;
    }
    return this.#owners.get(ipKey(ip)) ?? [];
  }
}

/** Equal for two IPs exactly when `sameIp` holds. */
function ipKey(ip: Ip): string {
  return `${ip.family}|${ip.text}`;
}

/** The interface a member uses for this vrrp: the named one, else the one whose subnet holds a VIP. */
function vrrpInterface(v: Vrrp, host: Host): Interface | undefined {
  if (v.interface) return host.interfaces.find((i) => i.name === v.interface!.name);
  return host.interfaces.find((i) => i.address && v.vips.some((vip) => cidrContains(i.address!, vip.cidr.ip)));
}

/** Where a vrrp advertises: its VIPs' networks, its members' interface subnets, and the member interfaces. */
interface Segments {
  nets: Cidr[];
  /** `host/interface` of each member whose interface is known. */
  links: string[];
}

function segments(index: VrrpIndex, v: Vrrp): Segments {
  const out: Segments = { nets: v.vips.map((x) => x.cidr), links: [] };
  for (const m of v.members) {
    const host = index.host(m.host.name);
    const iface = host && vrrpInterface(v, host);
    if (!iface) continue;
    out.links.push(`${host.name}/${iface.name}`);
    if (iface.address) out.nets.push(iface.address);
  }
  return out;
}

function shareSegment(a: Segments, b: Segments): boolean {
  return a.links.some((l) => b.links.includes(l)) || a.nets.some((x) => b.nets.some((y) => cidrsOverlap(x, y)));
}

function vipSet(v: Vrrp): string {
  return v.vips.map((x) => x.cidr.ip.text).sort().join(',');
}

/** LB3001: two instances with one router id on one L2 segment fight over the same virtual MAC and adverts. */
function checkRouterIdCollision(index: VrrpIndex, v: Vrrp, earlier: Vrrp[], reporter: Reporter): void {
  for (const other of earlier) {
    if (other.routerId.value !== v.routerId.value || index.vipSet(other) === index.vipSet(v)) continue;
    if (!shareSegment(index.segments(v), index.segments(other))) continue;
    reporter.report('LB3001', v.routerId.span,
      `vrrp ${v.name} uses router id ${v.routerId.value}, like vrrp ${other.name} on the same network but with other VIPs: their advertisements would clash; give vrrp ${v.name} an unused router id`,
      [{ span: other.routerId.span, message: `vrrp ${other.name} uses router id ${other.routerId.value}` }]);
    return;
  }
}

/** LB3002, LB3009, LB3010, LB3012: the member list on its own. */
function checkMembers(index: VrrpIndex, v: Vrrp, reporter: Reporter): void {
  if (v.members.length === 1) {
    reporter.report('LB3012', v.nameSpan,
      `vrrp ${v.name} has a single member, so there is nothing to fail over to; add a second member (e.g. \`members lb1 priority 150, lb2 priority 100\`)`);
  }
  v.members.forEach((m, j) => {
    const twin = v.members.slice(0, j).find((x) => x.priority === m.priority);
    if (twin) {
      reporter.report('LB3002', m.span,
        `${m.host.name} and ${twin.host.name} both have priority ${m.priority} in vrrp ${v.name}; the tie is broken by IP address, not by intent; give each member a distinct priority`,
        [{ span: twin.span, message: `${twin.host.name} has priority ${twin.priority}` }]);
    }
    if (m.priority === OWNER_PRIORITY) {
      reporter.report('LB3009', m.span,
        `priority 255 makes ${m.host.name} the address owner in vrrp ${v.name}: trackers cannot lower it, so the VIP never moves while it is up; use a priority between 1 and 254 (e.g. 150)`);
    }
    // Unknown names are name resolution's job (LB1003); here only a name that is something else than a host.
    if (!index.host(m.host.name)) {
      const node = index.model.clusters.flatMap((c) => c.nodes).find((n) => n.name === m.host.name);
      if (node) {
        reporter.report('LB3010', m.host.span,
          `${m.host.name} is a cluster node, not a declared host, so lb does not know its interfaces and addresses for vrrp ${v.name}; declare \`host ${m.host.name} { interface ... }\``,
          [{ span: node.nameSpan, message: `cluster node ${node.name}` }]);
      }
    }
  });
}

/** LB3003 / LB3008: each member must carry the vrrp interface, and every VIP must sit in that interface's subnet. */
function checkPlacement(index: VrrpIndex, v: Vrrp, findings: PerHostFindings, reporter: Reporter): void {
  let first: { member: VrrpMember; iface: Interface & { address: Cidr } } | undefined;
  for (const m of v.members) {
    const host = index.host(m.host.name);
    if (!host) continue;
    if (v.interface && !host.interfaces.some((i) => i.name === v.interface!.name)) {
      reporter.report('LB3008', m.span,
        `member ${host.name} of vrrp ${v.name} has no interface ${v.interface.name}; add \`interface ${v.interface.name} ADDRESS/PREFIX\` to host ${host.name} or name the interface the members share`,
        [{ span: v.interface.span, message: `vrrp ${v.name} runs on interface ${v.interface.name}` }, { span: host.nameSpan, message: `host ${host.name}` }]);
      continue;
    }
    for (const vip of v.vips) {
      if (v.interface) {
        const iface = host.interfaces.find((i) => i.name === v.interface!.name)!;
        if (iface.address && !cidrContains(iface.address, vip.cidr.ip)) {
          findings.add(host, 'LB3003', vip.span,
            `VIP ${vip.cidr.ip.text} of vrrp ${v.name} is outside the subnet of interface ${iface.name}; use a free address inside that subnet, or the interface that is on the VIP's network`,
            [{ span: iface.span, message: `interface ${iface.name} of host ${host.name} is ${cidrText(iface.address)}` }]);
        }
      } else if (!host.interfaces.some((i) => i.address && cidrContains(i.address, vip.cidr.ip))) {
        findings.add(host, 'LB3003', vip.span,
          `VIP ${vip.cidr.ip.text} of vrrp ${v.name} is in no interface subnet of the member host; use a free address inside the members' subnet, or declare the interface on the VIP's network (\`interface NAME ADDRESS/PREFIX\`)`,
          [{ span: host.nameSpan, message: `host ${host.name}: ${host.interfaces.map((i) => `${i.name} ${i.address ? cidrText(i.address) : '(no address)'}`).join(', ') || 'no interfaces'}` }]);
      }
    }
    const iface = vrrpInterface(v, host);
    if (!iface?.address) continue;
    if (!first) {
      first = { member: m, iface: iface as Interface & { address: Cidr } };
    } else if (!cidrsOverlap(first.iface.address, iface.address)) {
      reporter.report('LB3008', m.span,
        `members of vrrp ${v.name} are on different networks: ${host.name} uses ${iface.name} ${cidrText(iface.address)} but ${first.member.host.name} uses ${first.iface.name} ${cidrText(first.iface.address)}; VRRP peers must share one L2 segment, so use interfaces on the same subnet`,
        [{ span: first.member.span, message: `${first.member.host.name} is on ${cidrText(first.iface.address)}` }]);
    }
  }
}

/** LB3004: a VIP that is already some machine's own address would be taken away from it (or never move). */
function checkVipNotAnAddress(index: VrrpIndex, v: Vrrp, reporter: Reporter): void {
  for (const vip of v.vips) {
    // Copies: each diagnostic owns its related entries.
    const owners = index.ownersOf(vip.cidr.ip).map((r) => ({ ...r }));
    if (owners.length === 0) continue;
    reporter.report('LB3004', vip.span,
      `VIP ${vip.cidr.ip.text} of vrrp ${v.name} is already a machine's own address; choose a free address in the same subnet for the VIP`,
      owners);
  }
}

/** LB3005 / LB3013: keepalived truncates auth_pass to 8 characters, and ignores auth entirely with VRRPv3. */
function checkAuth(v: Vrrp, reporter: Reporter): void {
  if (!v.auth) return;
  // Secret.length counts characters without revealing the value.
  const length = v.auth.password.length;
  if (length > MAX_AUTH_PASS) {
    reporter.report('LB3005', v.auth.span,
      `the VRRP password of vrrp ${v.name} has ${length} characters but keepalived uses only the first ${MAX_AUTH_PASS} (and warns "Truncating auth_pass"); use a password of at most ${MAX_AUTH_PASS} characters`);
  }
  const ipv6 = v.vips.some((x) => x.cidr.ip.family === 6);
  if (v.version === 3 || ipv6) {
    reporter.report('LB3013', v.auth.span,
      `vrrp ${v.name} uses ${ipv6 ? 'IPv6 VIPs, which always run VRRP version 3' : 'VRRP version 3'}, where keepalived ignores authentication; remove \`auth\`${ipv6 ? '' : ' or use `version 2`'}`);
  }
}

const clamp = (p: number) => Math.max(MIN_PRIORITY, Math.min(MAX_TRACKED_PRIORITY, p));

/**
 * LB3007. keepalived's track_script weight w (domain.md §2.3), with master priority P and the best backup B:
 *  - w > 0 is ADDED while the check succeeds. Both nodes run haproxy, so in normal operation the master has P+w and
 *    the backup B+w; when haproxy dies on the master it drops to P while the backup keeps B+w. The VIP moves only if
 *    B + w > P, i.e. w > P - B.
 *  - w < 0 is ADDED (subtracted) while the check fails: the failed master has P+w = P-|w| against the backup's B.
 *    The VIP moves only if P - |w| < B, i.e. |w| > P - B.
 *  - w = 0 puts a failing instance in FAULT state, which always releases the VIP: nothing to check.
 * So for either sign |w| must exceed the gap P - B (equality is a tie, decided by IP address, not by intent).
 * Tracked priorities are clamped to 1..254, and a priority of 255 (address owner) is never changed by trackers.
 */
function checkTracking(v: Vrrp, reporter: Reporter): void {
  const t = v.track;
  if (!t || t.weight === 0 || v.members.length < 2) return;
  const master = (v.master && v.members.find((m) => m.host.name === v.master!.name)) ?? [...v.members].sort((a, b) => b.priority - a.priority)[0];
  const backups = v.members.filter((m) => m !== master);
  const backup = backups.reduce((best, m) => (m.priority > best.priority ? m : best), backups[0]);
  const related: RelatedInfo[] = [
    { span: master.span, message: `master ${master.host.name} has priority ${master.priority}` },
    { span: backup.span, message: `best backup ${backup.host.name} has priority ${backup.priority}` },
  ];
  const gap = master.priority - backup.priority;
  const suggestion = `use a weight of at least ${gap + 1} (or ${-(gap + 1)})`;
  if (master.priority === OWNER_PRIORITY) {
    reporter.report('LB3007', t.span,
      `master ${master.host.name} of vrrp ${v.name} has priority 255, which trackers never change, so the VIP stays even when haproxy dies; give it a priority of at most 254 and ${suggestion}`,
      related);
    return;
  }
  const healthyMaster = clamp(master.priority + Math.max(t.weight, 0));
  const healthyBackup = clamp(backup.priority + Math.max(t.weight, 0));
  const failedMaster = clamp(master.priority + Math.min(t.weight, 0));
  if (t.weight > 0 && healthyMaster <= healthyBackup && master.priority > backup.priority) {
    reporter.report('LB3007', t.span,
      `with weight ${t.weight} both ${master.host.name} and ${backup.host.name} reach the maximum priority ${MAX_TRACKED_PRIORITY} while healthy, so the master is not chosen by intent; use a weight of at most ${MAX_TRACKED_PRIORITY - master.priority}`,
      related);
    return;
  }
  if (failedMaster >= healthyBackup) {
    const after = t.weight > 0 ? `${master.priority} against ${backup.host.name}'s ${healthyBackup}` : `${failedMaster} against ${backup.host.name}'s ${backup.priority}`;
    reporter.report('LB3007', t.span,
      `tracking weight ${t.weight} cannot move the VIP of vrrp ${v.name}: when haproxy dies on ${master.host.name} its priority is ${after}, so it stays master; ${suggestion}`,
      related);
  }
}

/** LB3011: interface names longer than 15 characters do not fit the kernel's IFNAMSIZ; keepalived refuses them. */
function checkInterfaceNames(model: Model, reporter: Reporter): void {
  const message = (name: string) => `interface name ${name} has ${name.length} characters, but Linux interface names have at most ${MAX_INTERFACE_NAME}; use the interface's real (shorter) name`;
  // A long name written in a vrrp block is reported there; the hosts' declarations of that same name are not
  // reported again. Host interfaces matter too: keepalived gets them when the vrrp names no interface.
  const reported = new Set<string>();
  for (const v of model.vrrps) {
    if (!v.interface || v.interface.name.length <= MAX_INTERFACE_NAME) continue;
    reporter.report('LB3011', v.interface.span, message(v.interface.name));
    reported.add(v.interface.name);
  }
  const memberNames = new Set(model.vrrps.flatMap((v) => v.members.map((m) => m.host.name)));
  for (const h of model.hosts) {
    if (!memberNames.has(h.name)) continue;
    for (const i of h.interfaces) {
      if (i.name.length > MAX_INTERFACE_NAME && !reported.has(i.name)) reporter.report('LB3011', i.span, message(i.name));
    }
  }
}
