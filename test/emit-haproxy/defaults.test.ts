/** lb's defaults semantics on HAProxy: base + named `from base`, explicit `from` everywhere, mode-dependent settings
 *  resolved per proxy. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backend, bind, defaults, frontend, model, ref, server, span } from '../helpers/model-builders.ts';
import { emitChecked, sectionFrom } from './checked.ts';

const timeouts = () => ({ connect: { value: 1000, span: span() }, client: { value: 1000, span: span() }, server: { value: 1000, span: span() } });
/** The section whose header line is exactly `header`. */
const section = (text: string, header: string) => sectionFrom(text, `${header}\n`);

test('no defaults: no defaults section and no from', () => {
  const text = emitChecked(model({
    frontends: [frontend('web', { binds: [bind('*:80')], timeouts: { client: { value: 1000, span: span() } }, defaultBackend: ref('app') })],
    backends: [backend('app', { timeouts: { connect: { value: 1000, span: span() }, server: { value: 1000, span: span() } }, servers: [server('a', '127.0.0.1:1')] })],
  }));
  assert.not.match(text, 'defaults');
  assert.not.match(text, /^\S+ \S+ from /m);
});

test('only named defaults: an empty base keeps the other proxies out of them', () => {
  const text = emitChecked(model({
    defaults: [defaults({ name: 'web_defaults', mode: 'http', timeouts: timeouts() })],
    frontends: [
      frontend('web', { from: ref('web_defaults'), binds: [bind('*:80')], defaultBackend: ref('app') }),
      frontend('plain', { binds: [bind('*:81')], timeouts: { client: { value: 1000, span: span() } }, defaultBackend: ref('app') }),
    ],
    backends: [backend('app', { from: ref('web_defaults'), servers: [server('a', '127.0.0.1:1')] })],
  }));
  assert.match(text, 'defaults base\n\ndefaults web_defaults from base\n    mode http\n');
  assert.match(text, 'frontend web from web_defaults\n');
  assert.match(text, 'frontend plain from base\n');
  assert.match(text, 'backend app from web_defaults\n');
});

test('the base section never collides with a named one; an unknown from falls back to base', () => {
  const text = emitChecked(model({
    defaults: [defaults(), defaults({ name: 'base', mode: undefined, timeouts: {}, maxconn: 10 })],
    frontends: [frontend('web', { from: ref('base'), binds: [bind('*:80')], defaultBackend: ref('app') })],
    backends: [backend('app', { from: ref('nosuch'), servers: [server('a', '127.0.0.1:1')] })],
  }));
  assert.match(text, 'defaults base2\n');
  assert.match(text, 'defaults base from base2\n    maxconn 10\n');
  assert.match(text, 'frontend web from base\n');
  assert.match(text, 'backend app from base2\n');
});

test('unnamed defaults merge into base in order; unused named defaults are left out', () => {
  const text = emitChecked(model({
    defaults: [defaults({ maxconn: 10 }), defaults({ name: 'unused', timeouts: {} }), defaults({ mode: undefined, timeouts: {}, maxconn: 20 })],
    frontends: [frontend('web', { binds: [bind('*:80')], defaultBackend: ref('app') })],
    backends: [backend('app', { servers: [server('a', '127.0.0.1:1')] })],
  }));
  assert.match(section(text, 'defaults base'), /maxconn 10\n[^]*maxconn 20/);
  assert.not.match(text, 'unused');
});

test('mode-dependent settings from http defaults do not reach tcp proxies', () => {
  const text = emitChecked(model({
    global: { logs: [{ target: '/dev/log', facility: 'local0', span: span() }], raw: [] },
    defaults: [defaults({ log: true, forwardfor: true, balance: { algorithm: 'url_param', argument: 'user', span: span() } })],
    frontends: [
      frontend('web', { binds: [bind('*:80')], defaultBackend: ref('app') }),
      frontend('db', { mode: 'tcp', binds: [bind('*:3306')], defaultBackend: ref('db') }),
    ],
    backends: [
      backend('app', { servers: [server('a', '127.0.0.1:1')] }),
      backend('db', { mode: 'tcp', servers: [server('d', '127.0.0.1:2')] }),
    ],
  }));
  assert.match(section(text, 'frontend web from base'), 'option httplog\n    option forwardfor');
  assert.match(section(text, 'backend app from base'), 'balance url_param user\n    option forwardfor');
  const db = section(text, 'frontend db from base');
  assert.match(db, 'option tcplog');
  assert.not.match(db, 'forwardfor');
  assert.not.match(section(text, 'backend db from base'), /forwardfor|balance/);
  assert.match(section(text, 'defaults base'), 'log global');
});

test('a proxy without a mode anywhere is tcp', () => {
  const text = emitChecked(model({
    global: { logs: [{ target: '/dev/log', facility: 'local0', span: span() }], raw: [] },
    defaults: [defaults({ mode: undefined, log: true })],
    frontends: [frontend('raw', { binds: [bind('*:9000')], defaultBackend: ref('app') })],
    backends: [backend('app', { servers: [server('a', '127.0.0.1:1')] })],
  }));
  assert.match(section(text, 'frontend raw from base'), 'option tcplog');
});

test('a named defaults and a proxy can turn inherited logging off', () => {
  const text = emitChecked(model({
    global: { logs: [{ target: '/dev/log', facility: 'local0', span: span() }], raw: [] },
    defaults: [defaults({ log: true }), defaults({ name: 'quiet', timeouts: {}, log: false })],
    frontends: [
      frontend('web', { from: ref('quiet'), binds: [bind('*:80')], defaultBackend: ref('app') }),
      frontend('web2', { log: false, binds: [bind('*:81')], defaultBackend: ref('app') }),
    ],
    backends: [backend('app', { servers: [server('a', '127.0.0.1:1')] })],
  }));
  assert.match(section(text, 'defaults quiet from base'), 'no log');
  assert.not.match(section(text, 'frontend web from quiet'), 'log');
  assert.match(section(text, 'frontend web2 from base'), 'no log');
});

test.run();
