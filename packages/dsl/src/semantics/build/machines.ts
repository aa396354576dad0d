/** host and vrrp blocks. */
import { HOST_ROLES, type Ref, type Host, type HostRole, type Interface, type Vrrp, type VrrpMember } from '../../model/model.ts';
import type { Ip } from '../../model/values.ts';
import type { Reporter } from '../report.ts';
import type { Decl } from '../values.ts';
import { Args } from './args.ts';
import { pushRaw } from './proxies.ts';
import { dropUndefined } from './settings.ts';
import { args, walkBody } from './walk.ts';

export function blockName(block: Decl, reporter: Reporter): Ref | undefined {
  const a = new Args(block.groups[0] ?? [], reporter, block.keyword, block.keywordSpan);
  const name = a.name(`the ${block.keyword} name`);
  if (name) a.finish();
  return name;
}

/** Reads every value of every group with `read` (for `roles lb, worker` as well as `roles lb worker`). */
function eachValue(decl: Decl, reporter: Reporter, read: (a: Args) => void): void {
  decl.groups.forEach((_, i) => {
    const a = args(decl, reporter, i);
    while (!a.done) read(a);
  });
}

export function buildHost(block: Decl, reporter: Reporter): Host | undefined {
  const name = blockName(block, reporter);
  if (!name) return undefined;
  const interfaces: Interface[] = [];
  const addresses: Ip[] = [];
  const roles: HostRole[] = [];
  let nonlocalBind: boolean | undefined;
  walkBody('host', block, {
    interface: (decl) => {
      const a = args(decl, reporter);
      const ifName = a.text('the interface name, e.g. eth1');
      const address = a.done ? undefined : a.cidr('the interface address with its prefix, e.g. 10.0.0.11/24');
      if (ifName !== undefined && !a.failed) interfaces.push(dropUndefined({ name: ifName, address, span: decl.span }));
    },
    address: (decl) =>
      eachValue(decl, reporter, (a) => {
        const ip = a.ip();
        if (ip) addresses.push(ip);
      }),
    roles: (decl) =>
      eachValue(decl, reporter, (a) => {
        const role = a.choice('a host role', HOST_ROLES);
        if (role && !roles.includes(role)) roles.push(role);
      }),
    'nonlocal-bind': () => (nonlocalBind = true),
  }, reporter);
  if (addresses.length === 0) {
    for (const i of interfaces) if (i.address) addresses.push(i.address.ip);
  }
  if (addresses.length === 0) {
    reporter.report('LB1007', block.keywordSpan, `Host '${name.name}' has no address. Add 'interface eth1 10.0.0.11/24' or 'address 10.0.0.11'.`, undefined, { missing: 'address' });
  }
  return dropUndefined({ name: name.name, nameSpan: name.span, span: block.span, addresses, interfaces, roles, nonlocalBind, origin: { kind: 'user' } } as Host);
}

export function buildVrrp(block: Decl, reporter: Reporter): Vrrp | undefined {
  const name = blockName(block, reporter);
  if (!name) return undefined;
  const vrrp: Partial<Vrrp> & Pick<Vrrp, 'vips' | 'members' | 'raw'> = {
    name: name.name, nameSpan: name.span, span: block.span, vips: [], members: [], advert: { value: 1000 }, unicast: true, version: 2, raw: [],
  };
  let castSet: Decl | undefined;
  const setCast = (decl: Decl, unicast: boolean) => {
    if (castSet && castSet.keyword !== decl.keyword) {
      reporter.report('LB1022', decl.keywordSpan, 'unicast and multicast exclude each other. Keep one.', [{ span: castSet.span, message: `'${castSet.keyword}' here` }]);
      return;
    }
    castSet = decl;
    vrrp.unicast = unicast;
  };
  walkBody('vrrp', block, {
    vip: (decl) =>
      eachValue(decl, reporter, (a) => {
        const v = a.peek()!;
        const cidr = a.cidr('a VIP such as 10.0.0.100/24 or 10.0.0.100', true);
        if (cidr) vrrp.vips.push({ cidr, span: v.span });
      }),
    interface: (decl) => {
      const ifName = args(decl, reporter).text('the interface name');
      if (ifName !== undefined) vrrp.interface = { name: ifName, span: decl.groups[0][0].span };
    },
    'router-id': (decl) => {
      const value = args(decl, reporter).number('the router id', 1, 255);
      if (value !== undefined) vrrp.routerId = { value, span: decl.groups[0][0].span };
    },
    members: (decl) =>
      decl.groups.forEach((group, i) => {
        const a = args(decl, reporter, i);
        const host = a.name('a member host');
        let priority = 100;
        if (a.takeWord('priority')) priority = a.number('the priority', 1, 255) ?? priority;
        a.finish(['priority']);
        if (host && !a.failed) {
          const member: VrrpMember = { host, priority, span: { ...group[0].span, end: group[group.length - 1].span.end } };
          vrrp.members.push(member);
        }
      }),
    master: (decl) => (vrrp.master = args(decl, reporter).name('the master host')),
    auth: (decl) => {
      const a = args(decl, reporter);
      let type: 'PASS' | 'AH' = 'PASS';
      if (decl.groups[0].length === 2) {
        // Two arguments: the first names the type. keepalived knows only PASS and AH (the seed wrote `tabu`).
        const first = decl.groups[0][0];
        const word = a.peekWord('pass', 'ah');
        if (!word) {
          const written = first.kind === 'word' ? `'${first.name}'` : 'this value';
          reporter.report('LB1005', first.span, `${written} is not a VRRP authentication type: write \`auth pass PASSWORD\`, \`auth ah PASSWORD\`, or just \`auth PASSWORD\`.`);
          return;
        }
        a.next();
        type = word === 'ah' ? 'AH' : 'PASS';
      }
      const password = a.secretOrText('the VRRP password, e.g. secret(env("VRRP_PASS"))');
      a.finish();
      if (password !== undefined && !a.failed) vrrp.auth = { type, password, span: decl.span };
    },
    advert: (decl) => {
      const value = args(decl, reporter).duration('the advertisement interval');
      if (value === undefined) return;
      if (value < 10 || value > 255_000) {
        reporter.report('LB1006', decl.groups[0][0].span, 'The advertisement interval must be between 10ms and 255s.');
        return;
      }
      vrrp.advert = { value, span: decl.groups[0][0].span };
    },
    unicast: (decl) => setCast(decl, true),
    multicast: (decl) => setCast(decl, false),
    version: (decl) => {
      const v = args(decl, reporter).choice('VRRP version 2 or 3', ['2', '3'] as const);
      if (v) vrrp.version = v === '3' ? 3 : 2;
    },
    nopreempt: (decl) => (vrrp.nopreempt = { span: decl.span }),
    track: (decl) => {
      const a = args(decl, reporter);
      if (!a.choice('what to track (haproxy)', ['haproxy'] as const)) return;
      const track: NonNullable<Vrrp['track']> = { target: 'haproxy', interval: 2000, weight: 0, span: decl.span };
      for (;;) {
        if (a.takeWord('every')) track.interval = a.duration('the check interval') ?? track.interval;
        else if (a.takeWord('weight')) track.weight = a.number('the weight', -253, 253) ?? track.weight;
        else if (a.takeWord('fall')) track.fall = a.number('the fall count', 1, 1000);
        else if (a.takeWord('rise')) track.rise = a.number('the rise count', 1, 1000);
        else break;
      }
      a.finish(['every', 'weight', 'fall', 'rise']);
      if (!a.failed) vrrp.track = dropUndefined(track);
    },
    raw: (decl) => pushRaw(vrrp.raw, decl, reporter),
  }, reporter);
  // A missing router-id was reported (LB1007); 0 keeps the instance (and references to it) without inventing an id.
  vrrp.routerId ??= { value: 0, span: block.keywordSpan };
  return dropUndefined(vrrp as Vrrp);
}
