/** lb's defaults that hide a failing server (retries, redispatch, retry-on for idempotent methods, check timing),
 *  and every way the program overrides them. Each output also passes `haproxy -c -dW`. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, memoryFileSystem } from '../../packages/dsl/src/index.ts';
import { checkHaproxy } from '../helpers/haproxy.ts';
import { backend, bind, defaults, frontend, model, ref, server, span } from '../helpers/model-builders.ts';
import { emitChecked, sectionFrom } from './checked.ts';

const backendSection = (text: string, name: string) => sectionFrom(text, `backend ${name} `);
const oneBackend = (o: Parameters<typeof backend>[1], d = defaults()) =>
  model({
    defaults: [d],
    frontends: [frontend('web', { binds: [bind('127.0.0.1:18080')], defaultBackend: ref('app') })],
    backends: [backend('app', { servers: [server('a', '127.0.0.1:19001')], ...o })],
  });

/** Compiles .lb source; the haproxy.cfg text. */
function compileText(source: string): string {
  const result = compile('main.lb', { fs: memoryFileSystem({ 'main.lb': source }), env: {} });
  assert.ok(result.ok, JSON.stringify(result.diagnostics, null, 2));
  const cfg = result.outputs.find((o) => o.path === 'haproxy.cfg')!;
  const check = checkHaproxy(cfg.text);
  assert.ok(check.ok, `${check.output}\n${cfg.text}`);
  return cfg.text;
}

test('http backend: retries, redispatch on every retry, retry-on with the idempotence guard, check timing', () => {
  const be = backendSection(emitChecked(oneBackend({})), 'app');
  assert.match(be, '    retries 3\n    option redispatch 1\n');
  assert.match(be, '    retry-on conn-failure empty-response 0rtt-rejected 502 503 504\n');
  assert.match(be, 'http-request disable-l7-retry unless METH_GET || METH_OPTIONS || METH_PUT || METH_DELETE || METH_TRACE');
  assert.match(be, 'default-server inter 2s fastinter 500ms rise 2 fall 2');
  assert.not.match(be, /response-timeout|junk-response| 500( |$)/m);
});

test('tcp backend: retries and redispatch, no retry-on (HAProxy ignores it outside http)', () => {
  const be = backendSection(emitChecked(oneBackend({ mode: 'tcp' }, defaults({ mode: 'tcp' }))), 'app');
  assert.match(be, 'retries 3\n    option redispatch 1');
  assert.not.match(be, /retry-on|disable-l7-retry/);
});

test('the backend overrides: retries 0 turns retrying off, redispatch false, retry-on none', () => {
  const off = backendSection(emitChecked(oneBackend({ retries: 0 })), 'app');
  assert.match(off, 'retries 0');
  assert.not.match(off, /redispatch|retry-on|disable-l7-retry/);

  const noRedispatch = backendSection(emitChecked(oneBackend({ redispatch: false })), 'app');
  assert.match(noRedispatch, 'no option redispatch');
  assert.match(noRedispatch, 'retry-on conn-failure');

  const own = backendSection(emitChecked(oneBackend({ retryOn: ['none'] })), 'app');
  assert.match(own, 'retry-on none');
  assert.not.match(own, 'disable-l7-retry');
});

test('settings from the defaults chain are not repeated nor overridden in the backend', () => {
  const text = emitChecked(oneBackend({}, defaults({ retries: 5, redispatch: true, retryOn: ['conn-failure'], serverDefaults: { inter: 3000, fall: 4 } })));
  const be = backendSection(text, 'app');
  assert.not.match(be, /retries|redispatch|retry-on/);
  assert.match(be, 'default-server fastinter 500ms rise 2\n');
  assert.match(text, 'defaults base\n');
  assert.match(text, '    retries 5\n    option redispatch 1\n    retry-on conn-failure\n');
});

test('check timing: the health check and server-defaults win; health none has no timing', () => {
  const health = backendSection(emitChecked(oneBackend({ health: { kind: 'http', interval: 1000, fall: 3, span: span() } })), 'app');
  assert.match(health, 'default-server inter 1s fastinter 500ms rise 2 fall 3\n');
  const own = backendSection(emitChecked(oneBackend({ serverDefaults: { fastinter: 200, rise: 1 } })), 'app');
  assert.match(own, 'default-server inter 2s fall 2 fastinter 200ms rise 1\n');
  const none = backendSection(emitChecked(oneBackend({ health: { kind: 'none', span: span() } })), 'app');
  assert.not.match(none, 'default-server');
});

test('the language: redispatch false, retry-on none, fastinter on server-defaults and servers', () => {
  const text = compileText(`
defaults { mode http; timeout connect 1s, client 1s, server 1s }
backend app {
  redispatch false
  retry-on none
  server-defaults fastinter 250ms
  server a 127.0.0.1:19001 fastinter 100ms
}
frontend web { bind 127.0.0.1:18080; default app }
`);
  const be = backendSection(text, 'app');
  assert.match(be, 'no option redispatch');
  assert.match(be, 'retry-on none');
  assert.match(be, 'default-server inter 2s rise 2 fall 2 fastinter 250ms');
  assert.match(be, 'server a 127.0.0.1:19001 check fastinter 100ms');
});

test('the language: redispatch takes true or false only', () => {
  const result = compile('main.lb', {
    fs: memoryFileSystem({ 'main.lb': 'backend app {\n  redispatch 3\n  server a 127.0.0.1:1\n}\n' }), env: {},
  });
  const bad = result.diagnostics.find((d) => d.code === 'LB1005');
  assert.ok(bad, JSON.stringify(result.diagnostics));
  assert.match(bad.message, 'true or false');
});

test.run();
