import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChecks } from '../../packages/dsl/src/checks/index.ts';
import { backend, bind, cluster, frontend, host, model, ref, server, span, stats, vrrp } from '../helpers/model-builders.ts';
import { describe } from './expect.ts';
import { haPairModel, webModel } from './scenarios.ts';

// The starting points of every other test must be clean, or their near misses prove nothing.
test('the web model has no diagnostics', () => {
  const d = runChecks(webModel());
  assert.is(d.length, 0, describe(d));
});

test('the HA pair model has no diagnostics', () => {
  const d = runChecks(haPairModel());
  assert.is(d.length, 0, describe(d));
});

test('strange but possible models do not throw', () => {
  const odd = model({
    hosts: [host('lb1', 'eth1 fd00::11/64', { interfaces: [], addresses: [] })],
    vrrps: [
      vrrp('empty', { members: [], vips: [] }),
      vrrp('v6', { vips: [{ cidr: { ip: { text: 'fd00::100', family: 6 }, prefix: 64 }, span: span() }], master: ref('ghost'), track: { target: 'haproxy', interval: 1000, weight: 10, span: span() } }),
    ],
    clusters: [cluster('bare', { nodes: [], endpoint: { kind: 'vrrp', vrrp: ref('missing'), port: 6443, span: span() } })],
    backends: [backend('dns', { servers: [server('d', '127.0.0.1:80', { address: { host: { dns: 'app.local' }, port: 80 } })] })],
    frontends: [frontend('f', { binds: [bind('[::]:8080'), bind('[::1]:8080')], defaultBackend: ref('nowhere'), from: ref('nodefaults') })],
    stats: [stats({ bind: bind('*:80'), auth: [], admin: true })],
  });
  const d = runChecks(odd);
  assert.ok(d.length > 0);
  assert.ok(d.every((x) => x.code.startsWith('LB') && x.span && x.message.length > 0));
});

test.run();
