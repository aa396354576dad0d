/**
 * The seed project's real mistakes, written in .lb, are each caught (../shared/seed/).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check } from '../../packages/dsl/src/index.ts';
import { memoryFileSystem } from '../../packages/dsl/src/api/host.ts';

function codesOf(text: string): string[] {
  const r = check('seed.lb', { fs: memoryFileSystem({ 'seed.lb': text }), env: {} });
  return r.diagnostics.map((d) => d.code);
}

const timeouts = 'defaults { mode http; timeout connect 500ms, client 600ms, server 555ms }\n';

test('case 2: frontend *:8000 forwarding to 127.0.0.1:8000 is a proxy loop (LB2003)', () => {
  const codes = codesOf(`${timeouts}
backend nodes {
  balance roundrobin
  health http HEAD "/" host "localhost"
  server web01 127.0.0.1:8000
  server web02 127.0.0.1:8001
  server web03 127.0.0.1:8002
}
frontend localnodes { bind *:8000; default nodes }
`);
  assert.ok(codes.includes('LB2003'), codes.join(','));
});

test("case 2: keepalived's auth_type tabu cannot be written, and the 12-character password is reported", () => {
  const hosts = 'host lb1 { interface enp0s8 10.182.0.2/24 }\nhost lb2 { interface enp0s8 10.182.0.3/24 }\n';
  const tabu = codesOf(`${hosts}vrrp LB_VIP { vip 10.182.0.200; router-id 51; members lb1 priority 100, lb2 priority 90; auth tabu "serveraccess" }`);
  assert.ok(tabu.some((c) => c.startsWith('LB1')), `auth tabu must be rejected, got ${tabu.join(',')}`);
  const long = codesOf(`${hosts}vrrp LB_VIP { vip 10.182.0.200; router-id 51; members lb1 priority 100, lb2 priority 90; auth secret(env("P", "serveraccess")) }`);
  assert.ok(long.includes('LB3005'), long.join(','));
});

test('case 2: the VIP 192.168.100.200 is outside the LB hosts subnet (LB3003)', () => {
  const codes = codesOf(`host lb1 { interface enp0s8 10.182.0.2/24 }
host lb2 { interface enp0s8 10.182.0.3/24 }
vrrp LB_VIP { vip 192.168.100.200; interface enp0s8; router-id 51; members lb1 priority 100, lb2 priority 90 }`);
  assert.ok(codes.includes('LB3003'), codes.join(','));
});

test('case 2: MASTER with priority 100 and a 4-point tracker never moves the VIP (LB3007)', () => {
  const codes = codesOf(`host lb1 { interface enp0s8 10.182.0.2/24 }
host lb2 { interface enp0s8 10.182.0.3/24 }
vrrp LB_VIP { vip 10.182.0.200/24; router-id 51; members lb1 priority 100, lb2 priority 90; master lb1; track haproxy every 4s weight 4 }`);
  assert.ok(codes.includes('LB3007'), codes.join(','));
});

test('cases 1 and 3: the stats page on :3000 without a password is reported (LB2008)', () => {
  const codes = codesOf(`${timeouts}stats { bind *:3000; uri "/"; hide-version }`);
  assert.ok(codes.includes('LB2008'), codes.join(','));
});

test('case 3: servers without health checks are reported; with lb they are checked by default', () => {
  const unchecked = codesOf(`${timeouts}
backend application_nodes { server web01 127.0.0.1:9000 nocheck }
frontend http-in { bind *:5000; default application_nodes }`);
  assert.ok(unchecked.includes('LB2007'), unchecked.join(','));
  const checked = codesOf(`${timeouts}
backend application_nodes { server web01 127.0.0.1:9000 }
frontend http-in { bind *:5000; default application_nodes }`);
  assert.not.ok(checked.includes('LB2007'), checked.join(','));
});

test('the seed configs without timeouts in a defaults block are reported (LB2009)', () => {
  const codes = codesOf(`backend b { server s 127.0.0.1:9000 }\nfrontend f { bind *:5000; default b }`);
  assert.ok(codes.includes('LB2009'), codes.join(','));
});

test.run();
