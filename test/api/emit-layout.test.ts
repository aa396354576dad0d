/** emitAll's layout rules on hand-built models (independent of the parser), and compile()'s gatekeeping. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, emitAll, memoryFileSystem } from '../../packages/dsl/src/index.ts';
import { backend, cluster, frontend, host, model, server, span, vrrp } from '../helpers/model-builders.ts';

const paths = (m: ReturnType<typeof model>) => emitAll(m, 'test.lb').outputs.map((o) => o.path);

test('no host: one haproxy.cfg when something listens, nothing otherwise (haproxy refuses a config without listener)', () => {
  const app = backend('app', { servers: [server('a', '10.0.0.5:80')] });
  assert.equal(paths(model({ backends: [app], frontends: [frontend('web', { defaultBackend: { name: 'app', span: span() } })] })), ['haproxy.cfg']);
  assert.equal(paths(model({ backends: [app] })), []);
  assert.equal(paths(model()), []);
  assert.equal(paths(model({ clusters: [cluster('prod')] })), ['prod.yaml']);
});

test('hosts: haproxy.cfg per load-balancer host with a listener, keepalived.conf only for vrrp members, clusters last', () => {
  const m = model({
    hosts: [
      host('lb1', 'eth1 10.0.0.11/24'),
      host('lb2', 'eth1 10.0.0.12/24'),
      host('lb3', 'eth1 10.0.0.13/24'),
      host('worker9', 'eth1 10.0.0.19/24', { roles: ['worker'] }),
    ],
    vrrps: [vrrp('api')],
    frontends: [frontend('web', { placement: [{ name: 'lb1', span: span() }, { name: 'lb3', span: span() }] })],
    clusters: [cluster('prod'), cluster('staging')],
  });
  const result = emitAll(m, 'test.lb');
  assert.equal(result.outputs.map((o) => o.path), [
    'lb1/haproxy.cfg', 'lb1/keepalived.conf', 'lb2/keepalived.conf', 'lb3/haproxy.cfg', 'prod.yaml', 'staging.yaml',
  ]);
  assert.equal(result.outputs.map((o) => o.target), ['haproxy', 'keepalived', 'keepalived', 'haproxy', 'kubekey', 'kubekey']);
  assert.equal(paths(m), result.outputs.map((o) => o.path), 'deterministic');
});

test('a name that is not a safe file name is refused with LB5002 at the name, not written', () => {
  const bad = host('../etc', 'eth1 10.0.0.11/24', { nameSpan: span(7) });
  const result = emitAll(model({ hosts: [bad], clusters: [cluster('a/b', { nameSpan: span(9) })] }), 'test.lb');
  assert.equal(result.outputs, []);
  assert.equal(result.diagnostics.map((d) => [d.code, d.severity, d.span.start]), [['LB5002', 'error', 7], ['LB5002', 'error', 9]]);
});

const PROGRAM = `defaults {
  mode    http
  timeout connect 5s, client 30s, server 30s
}
backend app {
  server app1 127.0.0.1:9090
}
frontend web {
  bind    *:8080
  default app
}
stats {
  bind 127.0.0.1:8404
  auth admin secret(env("PW"))
}
`;

test('compile: outputs only without errors and with every env() resolved; diagnostics sorted and unique', () => {
  const fs = memoryFileSystem({ 'a.lb': PROGRAM });
  const blocked = compile('a.lb', { fs, env: {} });
  assert.is(blocked.ok, false);
  assert.equal(blocked.outputs, []);
  assert.ok(blocked.diagnostics.some((d) => d.code === 'LB1014'));

  const good = compile('a.lb', { fs, env: { PW: 'pw-1234' } });
  assert.is(good.ok, true, JSON.stringify(good.diagnostics));
  assert.equal(good.outputs.map((o) => [o.path, o.secret]), [['haproxy.cfg', true]]);
  assert.ok(good.outputs[0].text.includes('pw-1234'));
  assert.equal([...good.files.keys()], ['a.lb']);

  const broken = compile('a.lb', { fs: memoryFileSystem({ 'a.lb': PROGRAM.replace('default app', 'default ap') }), env: { PW: 'x' } });
  assert.is(broken.ok, false);
  assert.equal(broken.outputs, []);
  const keys = broken.diagnostics.map((d) => `${d.span.start}:${d.code}:${d.message}`);
  assert.equal(keys.length, new Set(keys).size);
  const starts = broken.diagnostics.map((d) => d.span.start);
  assert.equal(starts, [...starts].sort((a, b) => a - b));
});

test.run();
