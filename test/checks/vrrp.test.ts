import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChecks } from '../../packages/dsl/src/checks/index.ts';
import { Secret } from '../../packages/dsl/src/model/values.ts';
import type { Vrrp } from '../../packages/dsl/src/model/model.ts';
import { cidr, cluster, host, node, span, vrrp } from '../helpers/model-builders.ts';
import { expectNone, expectOne, withCode } from './expect.ts';
import { haPairModel } from './scenarios.ts';

const member = (name: string, priority: number) => ({ host: { name, span: span() }, priority, span: span() });
const vip = (text: string) => ({ cidr: cidr(text), span: span() });
const pair = (o: Partial<Vrrp> = {}) => haPairModel({ vrrps: [vrrp('api', o)] });

// ---------- LB3001 router id collision ----------

test('LB3001: same router id on the same subnet with other VIPs', () => {
  const a = vrrp('api');
  const b = vrrp('web', { vips: [vip('10.0.0.200/24')] });
  const d = runChecks(haPairModel({ vrrps: [a, b] }));
  expectOne(d, 'LB3001', { severity: 'error', span: b.routerId.span, related: [a.routerId.span], mentions: ['unused router id'] });
});

test('LB3001 near miss: other router id; or same id on another network', () => {
  expectNone(runChecks(haPairModel({ vrrps: [vrrp('api'), vrrp('web', { vips: [vip('10.0.0.200/24')], routerId: { value: 52, span: span() } })] })), 'LB3001');
  const far = haPairModel({
    hosts: [host('lb1', 'eth1 10.0.0.11/24'), host('lb2', 'eth1 10.0.0.12/24'), host('lb3', 'eth1 10.1.0.11/24'), host('lb4', 'eth1 10.1.0.12/24')],
    vrrps: [vrrp('api'), vrrp('web', { vips: [vip('10.1.0.100/24')], members: [member('lb3', 150), member('lb4', 100)] })],
  });
  expectNone(runChecks(far), 'LB3001');
});

// ---------- LB3002 equal priorities ----------

test('LB3002: two members with one priority', () => {
  const first = member('lb1', 100);
  const second = member('lb2', 100);
  const d = runChecks(pair({ members: [first, second] }));
  expectOne(d, 'LB3002', { severity: 'warning', span: second.span, related: [first.span], mentions: ['distinct priority'] });
});

test('LB3002 near miss: distinct priorities', () => {
  expectNone(runChecks(pair()), 'LB3002');
});

// ---------- LB3003 VIP outside the subnet ----------

test('LB3003: VIP in no member subnet, reported once for both members', () => {
  const v = vip('10.0.1.100/24');
  const m = pair({ vips: [v] });
  const d = runChecks(m);
  const one = expectOne(d, 'LB3003', { severity: 'error', span: v.span, related: [m.hosts[0].nameSpan, m.hosts[1].nameSpan], mentions: ['free address inside'] });
  assert.ok(one.message.includes('lb1, lb2'), one.message);
});

test('LB3003: VIP outside the named interface', () => {
  const v = vip('10.0.9.100/24');
  const m = haPairModel({
    hosts: [host('lb1', 'eth1 10.0.0.11/24'), host('lb2', 'eth1 10.0.0.12/24')],
    vrrps: [vrrp('api', { vips: [v], interface: { name: 'eth1', span: span() } })],
  });
  const d = runChecks(m);
  expectOne(d, 'LB3003', { severity: 'error', span: v.span, related: [m.hosts[0].interfaces[0].span] });
});

test('LB3003 near miss: VIP inside the members\' subnet', () => {
  expectNone(runChecks(pair({ interface: { name: 'eth1', span: span() } })), 'LB3003');
});

// ---------- LB3004 VIP equals an address ----------

test('LB3004: VIP equal to a host address', () => {
  const v = vip('10.0.0.12/24');
  const m = pair({ vips: [v] });
  expectOne(runChecks(m), 'LB3004', { severity: 'error', span: v.span, related: [m.hosts[1].nameSpan], mentions: ['free address'] });
});

test('LB3004: VIP equal to a cluster node address', () => {
  const v = vip('10.0.0.2/24');
  const m = haPairModel({ vrrps: [vrrp('api', { vips: [v] })], clusters: [cluster('prod')] });
  const d = runChecks(m);
  expectOne(d, 'LB3004', { severity: 'error', span: v.span, related: [m.clusters[0].nodes[0].nameSpan] });
});

test('LB3004 near miss: a free address', () => {
  expectNone(runChecks(haPairModel({ clusters: [cluster('prod')] })), 'LB3004');
});

// ---------- LB3005 long password ----------

test('LB3005: the seed\'s 12-character password (as a secret, never shown)', () => {
  const auth = { type: 'PASS' as const, password: new Secret('serveraccess', 'VRRP_PASS'), span: span() };
  const d = runChecks(pair({ auth }));
  const one = expectOne(d, 'LB3005', { severity: 'warning', span: auth.span, mentions: ['12 characters', 'at most 8'] });
  assert.not.ok(one.message.includes('serveraccess'));
  assert.not.ok(JSON.stringify(d).includes('serveraccess'));
});

test('LB3005 near miss: 8 characters', () => {
  expectNone(runChecks(pair({ auth: { type: 'PASS', password: 'k8s-vip1', span: span() } })), 'LB3005');
});

// ---------- LB3006 nopreempt with master ----------

test('LB3006: nopreempt with an explicit master', () => {
  const nopreempt = { span: span() };
  const master = { name: 'lb1', span: span() };
  expectOne(runChecks(pair({ nopreempt, master })), 'LB3006', { severity: 'warning', span: nopreempt.span, related: [master.span], mentions: ['remove `master`'] });
});

test('LB3006 near miss: nopreempt alone', () => {
  expectNone(runChecks(pair({ nopreempt: { span: span() } })), 'LB3006');
});

// ---------- LB3007 tracking weight ----------

const track = (weight: number) => ({ target: 'haproxy' as const, interval: 2000, weight, span: span() });

test('LB3007: positive weight smaller than the priority gap (the seed: weight 4)', () => {
  const t = track(4);
  const m = pair({ track: t });
  const d = runChecks(m);
  expectOne(d, 'LB3007', { severity: 'warning', span: t.span, related: [m.vrrps[0].members[0].span, m.vrrps[0].members[1].span], mentions: ['at least 51'] });
});

test('LB3007: negative weight whose magnitude equals the gap (a tie is not a failover)', () => {
  const t = track(-50);
  expectOne(runChecks(pair({ track: t })), 'LB3007', { severity: 'warning', span: t.span, mentions: ['-51'] });
});

test('LB3007: the master at priority 255 never yields to trackers', () => {
  const t = track(60);
  const d = runChecks(pair({ track: t, members: [member('lb1', 255), member('lb2', 100)] }));
  expectOne(d, 'LB3007', { severity: 'warning', span: t.span, mentions: ['at most 254'] });
});

test('LB3007: the explicit master is judged, not the highest priority', () => {
  const t = track(-30);
  // lb2 is master at 100, lb1 backup at 150: already inverted; weight -30 makes 70 < 150: moves, fine.
  expectNone(runChecks(pair({ track: t, master: { name: 'lb2', span: span() } })), 'LB3007');
});

test('LB3007 near miss: the case 2 weight 60 over a gap of 50, and -60, and 0 (FAULT)', () => {
  expectNone(runChecks(pair({ track: track(60) })), 'LB3007');
  expectNone(runChecks(pair({ track: track(-60) })), 'LB3007');
  expectNone(runChecks(pair({ track: track(0) })), 'LB3007');
});

// ---------- LB3008 members disagree ----------

test('LB3008: a member lacks the vrrp interface', () => {
  const iface = { name: 'eth1', span: span() };
  const lb2 = member('lb2', 100);
  const m = haPairModel({
    hosts: [host('lb1', 'eth1 10.0.0.11/24'), host('lb2', 'eth0 10.0.0.12/24')],
    vrrps: [vrrp('api', { interface: iface, members: [member('lb1', 150), lb2] })],
  });
  expectOne(runChecks(m), 'LB3008', { severity: 'error', span: lb2.span, related: [iface.span], mentions: ['interface eth1'] });
});

test('LB3008: members on different subnets', () => {
  const lb1 = member('lb1', 150);
  const lb2 = member('lb2', 100);
  const m = haPairModel({
    hosts: [host('lb1', 'eth1 10.0.0.11/24'), host('lb2', 'eth1 10.0.1.12/24')],
    vrrps: [vrrp('api', { interface: { name: 'eth1', span: span() }, members: [lb1, lb2] })],
  });
  const d = runChecks(m);
  expectOne(d, 'LB3008', { severity: 'error', span: lb2.span, related: [lb1.span], mentions: ['same subnet'] });
  assert.is(withCode(d, 'LB3003').length, 1, 'the VIP is also outside lb2\'s subnet');
});

test('LB3008 near miss: same interface, same subnet', () => {
  expectNone(runChecks(pair({ interface: { name: 'eth1', span: span() } })), 'LB3008');
});

// ---------- LB3009 priority 255 ----------

test('LB3009: priority 255', () => {
  const owner = member('lb1', 255);
  expectOne(runChecks(pair({ members: [owner, member('lb2', 100)] })), 'LB3009', { severity: 'warning', span: owner.span, mentions: ['between 1 and 254'] });
});

test('LB3009 near miss: 254', () => {
  expectNone(runChecks(pair({ members: [member('lb1', 254), member('lb2', 100)] })), 'LB3009');
});

// ---------- LB3010 member not a host ----------

test('LB3010: a member that is a cluster node but not a declared host', () => {
  const stranger = member('master1', 100);
  const m = haPairModel({ vrrps: [vrrp('api', { members: [member('lb1', 150), stranger] })], clusters: [cluster('prod')] });
  expectOne(runChecks(m), 'LB3010', { severity: 'error', span: stranger.host.span, related: [m.clusters[0].nodes[0].nameSpan], mentions: ['host master1'] });
});

test('LB3010 near miss: an unknown name is left to name resolution (LB1003)', () => {
  expectNone(runChecks(pair({ members: [member('lb1', 150), member('nobody', 100)] })), 'LB3010');
});

// ---------- LB3011 interface name length ----------

test('LB3011: a 16-character interface name', () => {
  const iface = { name: 'enp0s31f6-vlan10', span: span() };
  assert.is(iface.name.length, 16);
  const m = haPairModel({
    hosts: [host('lb1', 'enp0s31f6-vlan10 10.0.0.11/24'), host('lb2', 'enp0s31f6-vlan10 10.0.0.12/24')],
    vrrps: [vrrp('api', { interface: iface })],
  });
  const d = runChecks(m);
  expectOne(d, 'LB3011', { severity: 'error', span: iface.span, mentions: ['at most 15'] });
});

test('LB3011: a long host interface picked for a vrrp without an interface name', () => {
  const m = haPairModel({ hosts: [host('lb1', 'enp0s31f6-vlan10 10.0.0.11/24'), host('lb2', 'eth1 10.0.0.12/24')] });
  expectOne(runChecks(m), 'LB3011', { severity: 'error', span: m.hosts[0].interfaces[0].span });
});

test('LB3011 near miss: 15 characters', () => {
  const m = haPairModel({
    hosts: [host('lb1', 'enp0s31f6-vlan1 10.0.0.11/24'), host('lb2', 'enp0s31f6-vlan1 10.0.0.12/24')],
    vrrps: [vrrp('api', { interface: { name: 'enp0s31f6-vlan1', span: span() } })],
  });
  expectNone(runChecks(m), 'LB3011');
});

// ---------- LB3012 single member ----------

test('LB3012: a vrrp with one member', () => {
  const v = vrrp('api', { members: [member('lb1', 150)] });
  expectOne(runChecks(haPairModel({ vrrps: [v] })), 'LB3012', { severity: 'warning', span: v.nameSpan, mentions: ['second member'] });
});

test('LB3012 near miss: two members', () => {
  expectNone(runChecks(pair()), 'LB3012');
});

// ---------- LB3013 auth with v3 ----------

test('LB3013: auth with VRRP version 3', () => {
  const auth = { type: 'PASS' as const, password: 'abc', span: span() };
  expectOne(runChecks(pair({ auth, version: 3 })), 'LB3013', { severity: 'error', span: auth.span, mentions: ['remove `auth`', 'version 2'] });
});

test('LB3013 near miss: auth with version 2', () => {
  expectNone(runChecks(pair({ auth: { type: 'PASS', password: 'abc', span: span() } })), 'LB3013');
});

test.run();
