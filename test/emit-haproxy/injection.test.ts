/**
 * Values that could inject HAProxy statements: control characters are refused (LB5001) and the statement is left
 * out entirely, so the file is exactly the file without that element; quotes, '#', spaces, `${X}` and `%[...]` are
 * quoted into one word that HAProxy accepts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic, Span } from '../../packages/dsl/src/diagnostics/diagnostic.ts';
import { emitHaproxy } from '../../packages/dsl/src/emit/haproxy/index.ts';
import type { Backend, Frontend, HttpAction, Model } from '../../packages/dsl/src/model/model.ts';
import { Secret } from '../../packages/dsl/src/model/values.ts';
import { checkHaproxy } from '../helpers/haproxy.ts';
import { backend, bind, defaults, frontend, model, server, span, stats } from '../helpers/model-builders.ts';

const CONTROL_VALUES = ['bad\nbind *:9999', 'bad\rbind *:9999', 'bad\u0000x', 'bad\tx', 'bad\u001bx', 'bad\u007fx'];

function base(o: { fe?: Partial<Frontend>; be?: Partial<Backend>; extra?: Partial<Model> } = {}): Model {
  return model({
    defaults: [defaults()],
    frontends: [frontend('web', { binds: [bind('*:80')], defaultBackend: { name: 'app', span: span() }, ...o.fe })],
    backends: [backend('app', { servers: [server('a1', '127.0.0.1:8080')], ...o.be })],
    ...o.extra,
  });
}

function emit(m: Model) {
  return emitHaproxy(m, { entry: 'test.lb' });
}

function onlyError(diagnostics: Diagnostic[], code: string, at: Span): Diagnostic {
  assert.is(diagnostics.length, 1, JSON.stringify(diagnostics));
  const d = diagnostics[0];
  assert.is(d.code, code);
  assert.is(d.severity, 'error');
  assert.equal(d.span, at);
  return d;
}

const baseline = emit(base()).file.text;

test('a control character in a header value: LB5001 and no line at all', () => {
  for (const bad of CONTROL_VALUES) {
    const action: HttpAction = { kind: 'set-header', name: 'X-Test', value: bad, span: span() };
    const { file, diagnostics } = emit(base({ fe: { httpActions: [action] } }));
    const d = onlyError(diagnostics, 'LB5001', action.span);
    assert.match(d.message, 'value of header X-Test');
    assert.match(d.message, 'line breaks and other control characters are not allowed');
    assert.is(file.text, baseline, JSON.stringify(bad));
    assert.not.match(file.text, '9999');
  }
});

test('control characters anywhere else: each refused at its element', () => {
  const cases: { what: string; build: () => { m: Model; at: Span } }[] = [
    { what: 'route path', build: () => {
      const cond = { kind: 'path' as const, match: 'prefix' as const, values: ['/api\nbind *:9999'], span: span() };
      return { m: base({ fe: { routes: [{ backend: { name: 'app', span: span() }, conditions: [cond], span: span() }] } }), at: cond.span };
    } },
    { what: 'server name', build: () => {
      const s = server('a1\nlisten x', '127.0.0.1:8080');
      return { m: base({ be: { servers: [server('a1', '127.0.0.1:8080'), s] } }), at: s.span };
    } },
    { what: 'raw line', build: () => {
      const raw = { text: 'option httplog\nbind *:9999', span: span() };
      return { m: base({ be: { raw: [raw] } }), at: raw.span };
    } },
    { what: 'certificate path', build: () => {
      const b = bind('*:443', { tls: { cert: '/x.pem\nbind *:9999' } });
      return { m: base({ fe: { binds: [bind('*:80'), b] } }), at: b.span };
    } },
    { what: 'health path', build: () => {
      const health = { kind: 'http' as const, path: '/h\r\nHost: x', span: span() };
      return { m: base({ be: { health } }), at: health.span };
    } },
    { what: 'log target', build: () => {
      const log = { target: '/dev/log\nlisten x', facility: 'local0', span: span() };
      return { m: base({ extra: { global: { logs: [log], raw: [] } } }), at: log.span };
    } },
  ];
  for (const c of cases) {
    const { m, at } = c.build();
    const { file, diagnostics } = emit(m);
    onlyError(diagnostics, 'LB5001', at);
    assert.not.match(file.text, '9999', c.what);
    assert.not.match(file.text, 'listen x', c.what);
    assert.not.match(file.text, 'Host: x', c.what);
    const check = checkHaproxy(file.text);
    assert.ok(check.ok, `${c.what}: ${check.output}`);
  }
});

test('a refused route condition drops its ACL and its use_backend, nothing else', () => {
  const good = { kind: 'path' as const, match: 'prefix' as const, values: ['/ok'], span: span() };
  const bad = { kind: 'method' as const, values: ['GET\n'], span: span() };
  const { file } = emit(base({ fe: { routes: [
    { backend: { name: 'app', span: span() }, conditions: [good], span: span() },
    { backend: { name: 'app', span: span() }, conditions: [good, bad], span: span() },
  ] } }));
  assert.match(file.text, 'use_backend app if route1_path\n');
  assert.not.match(file.text, 'route2');
});

test('a secret with a line break is refused without showing it', () => {
  const auth = { user: 'admin', password: new Secret('hunter2\nlisten x', 'STATS_PASSWORD'), span: span() };
  const { file, diagnostics } = emit(base({ extra: { stats: [stats({ auth: [auth] })] } }));
  const d = onlyError(diagnostics, 'LB5001', auth.span);
  assert.match(d.message, 'password of stats user admin');
  assert.not.match(d.message, 'hunter2');
  assert.not.match(file.text, 'hunter2');
  assert.not.ok(file.secret, 'nothing secret was written');
});

test('names HAProxy cannot read: LB5002, and the whole section is left out', () => {
  const fe = frontend('my web', { binds: [bind('*:81')] });
  const { file, diagnostics } = emit(base({ extra: { frontends: [frontend('web', { binds: [bind('*:80')], defaultBackend: { name: 'app', span: span() } }), fe] } }));
  const d = onlyError(diagnostics, 'LB5002', fe.span);
  assert.match(d.message, '"my web"');
  assert.not.match(file.text, '*:81');
  assert.is(file.text, baseline);
});

test('a header name with a space or an empty value: LB5002', () => {
  const badName: HttpAction = { kind: 'del-header', name: 'X Y', span: span() };
  const r1 = emit(base({ fe: { httpActions: [badName] } }));
  onlyError(r1.diagnostics, 'LB5002', badName.span);
  assert.is(r1.file.text, baseline);
  const empty: HttpAction = { kind: 'set-header', name: 'X-Empty', value: '', span: span() };
  const r2 = emit(base({ fe: { httpActions: [empty] } }));
  assert.match(onlyError(r2.diagnostics, 'LB5002', empty.span).message, 'empty');
  assert.is(r2.file.text, baseline);
});

test("quotes, '#', spaces, ${X} and %[...] are one quoted word that haproxy accepts", () => {
  for (const tricky of [`a "b" c`, "it's", 'a # b', 'x y z', '${X}', '$HOME', '%[dst_port]', '%[req.hdr(host),lower]', "'; bind *:9999 #", '\\']) {
    const action: HttpAction = { kind: 'set-header', name: 'X-Test', value: tricky, span: span() };
    const { file, diagnostics } = emit(base({ fe: { httpActions: [action] } }));
    assert.equal(diagnostics, [], tricky);
    assert.is(file.text.split('\n').length, baseline.split('\n').length + 1, tricky);
    const check = checkHaproxy(file.text);
    assert.ok(check.ok, `${tricky}: ${check.output}`);
  }
});

test.run();
