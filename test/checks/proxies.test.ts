import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runChecks } from '../../packages/dsl/src/checks/index.ts';
import { backend, bind, defaults, frontend, ref, server, span, stats } from '../helpers/model-builders.ts';
import { expectNone, expectOne, withCode } from './expect.ts';
import { webModel } from './scenarios.ts';

const web = (o: Parameters<typeof frontend>[1] = {}) => frontend('web', { binds: [bind('*:5000')], defaultBackend: ref('app'), ...o });

// ---------- LB2007 server without health check ----------

test('LB2007: `health none` leaves every server unchecked', () => {
  const s = server('app1', '127.0.0.1:8080');
  const health = { kind: 'none' as const, span: span() };
  const d = runChecks(webModel({ backends: [backend('app', { servers: [s], health })] }));
  expectOne(d, 'LB2007', { severity: 'warning', span: s.span, related: [health.span], mentions: ['health tcp'] });
});

test('LB2007: a server marked nocheck', () => {
  const checked = server('app1', '127.0.0.1:8080');
  const unchecked = server('app2', '127.0.0.1:8081', { check: false });
  const d = runChecks(webModel({ backends: [backend('app', { servers: [checked, unchecked] })] }));
  expectOne(d, 'LB2007', { severity: 'warning', span: unchecked.span, mentions: ['remove `nocheck`'] });
});

test('LB2007: nocheck inherited from server-defaults', () => {
  const s = server('app1', '127.0.0.1:8080');
  const d = runChecks(webModel({ backends: [backend('app', { servers: [s], serverDefaults: { check: false } })] }));
  expectOne(d, 'LB2007', { severity: 'warning', span: s.span });
});

test('LB2007 near miss: the default tcp check, and an explicit check despite `health none`', () => {
  expectNone(runChecks(webModel({ backends: [backend('app', { servers: [server('app1', '127.0.0.1:8080')], health: undefined })] })), 'LB2007');
  expectNone(runChecks(webModel({
    backends: [backend('app', { servers: [server('app1', '127.0.0.1:8080', { check: true })], health: { kind: 'none', span: span() } })],
  })), 'LB2007');
});

// ---------- LB2008 / LB2018 stats page ----------

test('LB2008: stats page without auth off loopback', () => {
  const b = bind('*:8404');
  const d = runChecks(webModel({ stats: [stats({ bind: b, auth: [] })] }));
  expectOne(d, 'LB2008', { severity: 'warning', span: b.span, mentions: ['auth', '127.0.0.1'] });
});

test('LB2008 near miss: no auth but loopback; auth on a public bind', () => {
  expectNone(runChecks(webModel({ stats: [stats({ bind: bind('127.0.0.1:8404'), auth: [] })] })), 'LB2008');
  expectNone(runChecks(webModel({ stats: [stats({ bind: bind('*:8404') })] })), 'LB2008');
});

test('LB2018: stats admin without auth (even on loopback)', () => {
  const st = stats({ auth: [], admin: true });
  const d = runChecks(webModel({ stats: [st] }));
  expectOne(d, 'LB2018', { severity: 'warning', span: st.span, mentions: ['auth', 'remove `admin`'] });
});

test('LB2018 near miss: admin with auth', () => {
  expectNone(runChecks(webModel({ stats: [stats({ admin: true })] })), 'LB2018');
});

// ---------- LB2009 missing timeouts ----------

test('LB2009: no defaults: one diagnostic per proxy listing what it lacks', () => {
  const m = webModel({ defaults: [] });
  const d = runChecks(m);
  const fe = withCode(d, 'LB2009').find((x) => x.span === m.frontends[0].nameSpan);
  const be = withCode(d, 'LB2009').find((x) => x.span === m.backends[0].nameSpan);
  const st = withCode(d, 'LB2009').find((x) => x.span === m.stats[0].span);
  assert.ok(fe && be && st, 'frontend, backend and stats each get one');
  assert.is(withCode(d, 'LB2009').length, 3);
  assert.is(fe!.severity, 'warning');
  assert.ok(fe!.message.includes('no timeout client ('), fe!.message);
  assert.ok(be!.message.includes('connect, server') && be!.message.includes('defaults'), be!.message);
  assert.ok(st!.message.includes('connect, client, server'), st!.message);
});

test('LB2009: a named defaults without timeouts does not hide the unnamed one, but a missing one is still missing', () => {
  const partial = defaults({ timeouts: { client: { value: 30000, span: span() } } });
  const m = webModel({ defaults: [partial], stats: [] });
  const d = runChecks(m);
  expectOne(d, 'LB2009', { severity: 'warning', span: m.backends[0].nameSpan, mentions: ['connect, server'] });
});

test('LB2009 near miss: timeouts from the named defaults a proxy opts into', () => {
  const named = defaults({ name: 'strict' });
  const m = webModel({
    defaults: [named],
    backends: [backend('app', { servers: [server('app1', '127.0.0.1:8080')], from: ref('strict') })],
    frontends: [web({ from: ref('strict') })],
    stats: [],
  });
  expectNone(runChecks(m), 'LB2009');
});

// ---------- LB2017 tiny timeouts ----------

test('LB2017: a timeout of 30ms looks like seconds', () => {
  const tiny = { value: 30, span: span() };
  const d = runChecks(webModel({ defaults: [defaults({ timeouts: { connect: { value: 5000, span: span() }, client: tiny, server: { value: 30000, span: span() } } })] }));
  expectOne(d, 'LB2017', { severity: 'warning', span: tiny.span, mentions: ['30s'] });
});

test('LB2017 near miss: 100ms and more', () => {
  const d = runChecks(webModel({ backends: [backend('app', { servers: [server('app1', '127.0.0.1:8080')], timeouts: { connect: { value: 100, span: span() } } })] }));
  expectNone(d, 'LB2017');
});

// ---------- LB2010 http frontend to tcp backend ----------

test('LB2010: http frontend defaulting to a tcp backend', () => {
  const def = ref('db');
  const db = backend('db', { mode: 'tcp', servers: [server('db1', '127.0.0.1:5432')] });
  const d = runChecks(webModel({ backends: [db], frontends: [web({ defaultBackend: def })] }));
  expectOne(d, 'LB2010', { severity: 'error', span: def.span, related: [db.nameSpan], mentions: ['mode http', 'mode tcp'] });
});

test('LB2010 near miss: tcp frontend to http backend is allowed; tcp to tcp too', () => {
  expectNone(runChecks(webModel({ frontends: [web({ mode: 'tcp' })] })), 'LB2010');
  expectNone(runChecks(webModel({
    backends: [backend('app', { mode: 'tcp', servers: [server('a', '127.0.0.1:8080')] })],
    frontends: [web({ mode: 'tcp' })],
  })), 'LB2010');
});

// ---------- LB2011 http-only settings in tcp ----------

test('LB2011: a path route in a tcp frontend, on the condition', () => {
  const cond = { kind: 'path' as const, match: 'prefix' as const, values: ['/api'], span: span() };
  const d = runChecks(webModel({
    backends: [backend('app', { mode: 'tcp', servers: [server('a', '127.0.0.1:8080')] })],
    frontends: [web({ mode: 'tcp', routes: [{ backend: ref('app'), conditions: [cond], span: span() }] })],
  }));
  expectOne(d, 'LB2011', { severity: 'warning', span: cond.span, mentions: ['mode http'] });
});

test('LB2011: forwardfor inherited from an http defaults by a tcp backend', () => {
  const dflt = defaults({ forwardfor: true });
  const be = backend('app', { mode: 'tcp', servers: [server('a', '127.0.0.1:8080')] });
  const d = runChecks(webModel({ defaults: [dflt], backends: [be], frontends: [web({ mode: 'tcp' })] }));
  const found = withCode(d, 'LB2011');
  // the frontend (tcp) inherits it too
  const onBackend = found.find((x) => x.span === be.nameSpan);
  assert.ok(onBackend, JSON.stringify(found));
  assert.ok(onBackend!.related?.some((r) => r.span === dflt.span));
  assert.is(found.length, 2);
});

test('LB2011: an HTTP action and an L7 balance in a tcp backend', () => {
  const action = { kind: 'del-header' as const, name: 'Server', span: span() };
  const balance = { algorithm: 'uri' as const, span: span() };
  const d = runChecks(webModel({ backends: [backend('app', { mode: 'tcp', httpActions: [action], balance, servers: [server('a', '127.0.0.1:8080')] })], frontends: [web({ mode: 'tcp' })] }));
  const found = withCode(d, 'LB2011');
  assert.equal(found.map((x) => x.span).sort((a, b) => a.start - b.start), [action.span, balance.span].sort((a, b) => a.start - b.start));
});

test('LB2011 near miss: source conditions and http health checks work in tcp mode (KubeKey\'s apiserver backend uses both)', () => {
  const d = runChecks(webModel({
    backends: [backend('app', { mode: 'tcp', servers: [server('a', '127.0.0.1:8080')], health: { kind: 'http', path: '/healthz', span: span() } })],
    frontends: [web({ mode: 'tcp', routes: [{ backend: ref('app'), conditions: [{ kind: 'source', cidrs: [], span: span() }], span: span() }] })],
  }));
  expectNone(d, 'LB2011');
});

// ---------- LB2012 TLS without verification material ----------

test('LB2012: ssl verify required without a CA', () => {
  const s = server('a', '127.0.0.1:8443', { ssl: { verify: 'required' } });
  const d = runChecks(webModel({ backends: [backend('app', { servers: [s] })] }));
  expectOne(d, 'LB2012', { severity: 'error', span: s.span, mentions: ['ca "', 'verify none'] });
});

test('LB2012 near miss: with a CA, or verify none', () => {
  expectNone(runChecks(webModel({ backends: [backend('app', { servers: [server('a', '127.0.0.1:8443', { ssl: { verify: 'required', ca: '/etc/ca.pem' } })] })] })), 'LB2012');
  expectNone(runChecks(webModel({ backends: [backend('app', { servers: [server('a', '127.0.0.1:8443', { ssl: { verify: 'none' } })] })] })), 'LB2012');
});

// ---------- LB2013 / LB2014 / LB2015 ----------

test('LB2013: backend without servers', () => {
  const be = backend('app');
  expectOne(runChecks(webModel({ backends: [be] })), 'LB2013', { severity: 'error', span: be.nameSpan, mentions: ['add a `server'] });
});

test('LB2013 near miss: one server is enough', () => {
  expectNone(runChecks(webModel()), 'LB2013');
});

test('LB2014: frontend with neither default nor routes', () => {
  const fe = web({ defaultBackend: undefined });
  const d = runChecks(webModel({ frontends: [fe] }));
  expectOne(d, 'LB2014', { severity: 'warning', span: fe.nameSpan, mentions: ['default BACKEND'] });
});

test('LB2014 near miss: routes only', () => {
  const fe = web({ defaultBackend: undefined, routes: [{ backend: ref('app'), conditions: [{ kind: 'path', match: 'prefix', values: ['/'], span: span() }], span: span() }] });
  expectNone(runChecks(webModel({ frontends: [fe] })), 'LB2014', 'LB2015');
});

test('LB2015: backend nobody routes to', () => {
  const unused = backend('old', { servers: [server('o', '127.0.0.1:9999')] });
  const d = runChecks(webModel({ backends: [backend('app', { servers: [server('a', '127.0.0.1:8080')] }), unused] }));
  expectOne(d, 'LB2015', { severity: 'warning', span: unused.nameSpan, mentions: ['default old', 'remove it'] });
});

test('LB2015 near miss: derived backends count as used', () => {
  const derived = backend('prod-apiserver', { origin: { kind: 'derived', from: 'prod', span: span() }, servers: [server('m', '10.0.0.2:6443')] });
  expectNone(runChecks(webModel({ backends: [backend('app', { servers: [server('a', '127.0.0.1:8080')] }), derived] })), 'LB2015');
});

test.run();
