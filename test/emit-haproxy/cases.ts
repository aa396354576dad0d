/**
 * One hand-built model per emitter feature. Each becomes test/fixtures/emit-haproxy/<name>/<file path>, and every
 * generated file must pass `haproxy -c -dW`.
 */
import type { Condition, HealthCheck, Model } from '../../packages/dsl/src/model/model.ts';
import { Secret } from '../../packages/dsl/src/model/values.ts';
import {
  backend, bind, cidr, defaults, frontend, host, model, ref, server, span, stats,
} from '../helpers/model-builders.ts';

export interface Case {
  name: string;
  model: Model;
  /** Hosts to emit for; omitted = one file without hosts. */
  hosts?: string[];
  /** Certificate paths in the model that the check must replace with a real certificate. */
  tls?: { pem?: string; ca?: string };
}

const timeouts = () => ({ connect: { value: 5000, span: span() }, client: { value: 30000, span: span() }, server: { value: 30000, span: span() } });
const health = (o: Partial<HealthCheck>): HealthCheck => ({ kind: 'tcp', span: span(), ...o });
const path = (match: 'exact' | 'prefix' | 'suffix' | 'contains' | 'regex' | 'dir', ...values: string[]): Condition => ({ kind: 'path', match, values, span: span() });

export function cases(): Case[] {
  return [
    {
      name: 'minimal-http',
      model: model({
        defaults: [defaults()],
        backends: [backend('app', {
          balance: { algorithm: 'roundrobin', span: span() },
          health: health({ kind: 'http', path: '/' }),
          servers: [server('app1', '127.0.0.1:8080', { weight: 4 }), server('app2', '127.0.0.1:8081', { weight: 2 })],
        })],
        frontends: [frontend('web', { binds: [bind('*:5000')], defaultBackend: ref('app') })],
      }),
    },
    {
      name: 'tcp',
      model: model({
        global: { logs: [{ target: '127.0.0.1:514', facility: 'local0', span: span() }], raw: [] },
        frontends: [frontend('mysql', {
          mode: 'tcp', binds: [bind('10.0.0.5:3306'), bind('[::]:3306')], log: true, maxconn: 500,
          timeouts: { client: { value: 3_600_000, span: span() } }, defaultBackend: ref('db'),
        })],
        backends: [backend('db', {
          mode: 'tcp', balance: { algorithm: 'leastconn', span: span() }, timeouts: { connect: { value: 2000, span: span() }, server: { value: 3_600_000, span: span() } },
          retries: 2, redispatch: true,
          servers: [server('db1', '10.0.0.21:3306'), server('db2', '[fd00::22]:3306', { backup: true })],
        })],
      }),
    },
    {
      name: 'routes',
      model: model({
        defaults: [defaults()],
        backends: ['api', 'admin', 'static', 'canary', 'reads', 'files', 'app'].map((n) => backend(n, {
          servers: [server(`${n}1`, '127.0.0.1:9000')],
          httpActions: n !== 'api' ? [] : [
            { kind: 'deny', status: 404, conditions: [path('prefix', '/api/internal')], span: span() },
            { kind: 'set-header', name: 'X-Forwarded-Port', value: '%[dst_port]', span: span() },
          ],
          forwardfor: n === 'api' ? true : undefined,
        })),
        frontends: [frontend('web', {
          binds: [bind('*:80'), bind('*:8000', { address: { host: '*', port: 8000, portEnd: 8010 } })],
          routes: [
            { backend: ref('api'), conditions: [path('prefix', '/api')], span: span() },
            { backend: ref('admin'), conditions: [path('prefix', '/admin'), { kind: 'source', cidrs: [cidr('10.0.0.0/8'), cidr('fd00::/64')], span: span() }], span: span() },
            { backend: ref('static'), conditions: [{ kind: 'host', match: 'exact', values: ['static.example.com', 'cdn.example.com'], span: span() }], span: span() },
            { backend: ref('canary'), conditions: [
              { kind: 'header', name: 'X-Canary', match: 'exact', values: ['1'], span: span() },
              { kind: 'header', name: 'X-Debug', match: 'present', values: [], negate: true, span: span() },
              { kind: 'header', name: 'User-Agent', match: 'contains', values: ['curl/', 'Mozilla 5'], span: span() },
            ], span: span() },
            { backend: ref('reads'), conditions: [{ kind: 'method', values: ['GET', 'HEAD'], span: span() }, { ...path('prefix', '/write'), negate: true }], span: span() },
            { backend: ref('files'), conditions: [path('exact', '/favicon.ico'), path('suffix', '.css', '.js'), path('contains', '/img/'), path('regex', '^/v[0-9]+/'), path('dir', 'files'), path('exact', '-dash')], span: span() },
            { backend: ref('static'), conditions: [
              { kind: 'host', match: 'prefix', values: ['img.'], span: span() },
              { kind: 'host', match: 'suffix', values: ['.cdn.example.com'], span: span() },
              { kind: 'host', match: 'regex', values: ['^s[0-9]+\\.example\\.com$'], span: span() },
            ], span: span() },
            { backend: ref('api'), conditions: [{ kind: 'host', match: 'contains', values: Array.from({ length: 60 }, (_, i) => `tenant${i}.example.com`), span: span() }], span: span() },
          ],
          httpActions: [
            { kind: 'redirect-https', code: 301, span: span() },
            { kind: 'deny', status: 403, conditions: [path('prefix', '/.git')], span: span() },
            { kind: 'deny', conditions: [{ kind: 'method', values: ['TRACE'], span: span() }], span: span() },
            { kind: 'set-header', name: 'X-Forwarded-Port', value: '%[dst_port]', span: span() },
            { kind: 'set-header', name: 'X-Forwarded-Proto', value: 'https', span: span() },
            { kind: 'add-header', name: 'X-Note', value: 'passed through lb', span: span() },
            { kind: 'del-header', name: 'Server', span: span() },
          ],
          defaultBackend: ref('app'),
        })],
      }),
    },
    {
      name: 'health',
      model: model({
        defaults: [defaults()],
        backends: [
          backend('tcp-checked', { servers: [server('s1', '127.0.0.1:9001'), server('s2', '127.0.0.1:9002', { check: false })] }),
          backend('http-checked', {
            health: health({ kind: 'http', method: 'GET', path: '/health', host: 'app.local', expect: 200, interval: 2000, rise: 2, fall: 3 }),
            servers: [server('s1', '127.0.0.1:9003')],
          }),
          backend('http-range', { health: health({ kind: 'http', path: '/ready', expect: '2xx' }), servers: [server('s1', '127.0.0.1:9004')] }),
          backend('tls-checked', { mode: 'tcp', health: health({ kind: 'tcp', ssl: true }), servers: [server('s1', '127.0.0.1:9005')] }),
          backend('unchecked', { health: health({ kind: 'none' }), servers: [server('s1', '127.0.0.1:9006')] }),
        ],
        frontends: [frontend('web', { binds: [bind('*:80')], defaultBackend: ref('tcp-checked') })],
      }),
    },
    {
      name: 'server-options',
      tls: { ca: '/etc/haproxy/ca.pem' },
      model: model({
        defaults: [defaults({ serverDefaults: { maxconn: 1000, inter: 3000 } })],
        backends: [backend('app', {
          balance: { algorithm: 'hdr', argument: 'X-User', span: span() },
          serverDefaults: { maxconn: 100, slowstart: 10_000 },
          servers: [
            server('app1', '10.0.0.11:8080', { weight: 4, maxconn: 200 }),
            server('app2', '10.0.0.12:8080', { weight: 2, backup: true }),
            server('app3', '10.0.0.13:8443', { ssl: { verify: 'none', sni: 'app.local' }, sendProxy: true }),
            server('app4', '10.0.0.14:8443', { ssl: { verify: 'required', ca: '/etc/haproxy/ca.pem' }, inter: 500, rise: 3, fall: 2, weight: 0 }),
            server('old', '10.0.0.15:8080', { check: false }),
            server('v6', '[fd00::16]:8080', { slowstart: 1500 }),
            server('local', '127.0.0.1:8080', { address: { host: { dns: 'localhost' }, port: 8080 } }),
          ],
        })],
        frontends: [frontend('web', { binds: [bind('*:80')], defaultBackend: ref('app') })],
      }),
    },
    {
      name: 'named-defaults',
      model: model({
        global: { logs: [{ target: '/dev/log', facility: 'local0', span: span() }], raw: [] },
        defaults: [
          defaults({ log: true, forwardfor: true, balance: { algorithm: 'roundrobin', span: span() }, retries: 3, redispatch: true, retryOn: ['conn-failure', 'empty-response'], maxconn: 3000 }),
          defaults({ name: 'slow', mode: undefined, timeouts: { server: { value: 300_000, span: span() }, queue: { value: 10_000, span: span() } }, balance: { algorithm: 'uri', argument: 'whole', span: span() }, serverDefaults: { inter: 5000 } }),
          defaults({ name: 'unused', mode: 'tcp', timeouts: {} }),
        ],
        frontends: [
          frontend('web', { binds: [bind('*:80')], defaultBackend: ref('app') }),
          frontend('reports', { from: ref('slow'), binds: [bind('*:81')], defaultBackend: ref('reports') }),
          frontend('ssh', { mode: 'tcp', binds: [bind('*:2222')], defaultBackend: ref('ssh') }),
        ],
        backends: [
          backend('app', { servers: [server('a1', '127.0.0.1:9000')] }),
          backend('reports', { from: ref('slow'), servers: [server('r1', '127.0.0.1:9001')] }),
          backend('ssh', { mode: 'tcp', servers: [server('s1', '127.0.0.1:22')] }),
        ],
      }),
    },
    {
      name: 'stats',
      model: model({
        global: { logs: [{ target: 'stdout', facility: 'local0', span: span() }], raw: [] },
        defaults: [defaults({ log: true })],
        stats: [stats({
          bind: bind('127.0.0.1:8404'), uri: '/stats', realm: 'HAProxy Statistics', refresh: 10_000, admin: true, hideVersion: true,
          auth: [
            { user: 'admin', password: new Secret("s3cr3t p@ss'word", 'STATS_PASSWORD'), span: span() },
            { user: 'viewer', password: new Secret('view-only', 'VIEW_PASSWORD'), span: span() },
          ],
        })],
      }),
    },
    {
      name: 'tls-bind',
      tls: { pem: '/etc/haproxy/site.pem' },
      model: model({
        defaults: [defaults()],
        backends: [backend('app', { servers: [server('app1', '127.0.0.1:8080')] })],
        frontends: [frontend('web', {
          binds: [bind('*:80'), bind('*:443', { tls: { cert: '/etc/haproxy/site.pem', alpn: ['h2', 'http/1.1'], minVersion: 'TLSv1.2' } }), bind('10.0.0.100:443', { transparent: true, tls: { cert: '/etc/haproxy/site.pem' } })],
          httpActions: [{ kind: 'redirect-https', code: 301, span: span() }],
          defaultBackend: ref('app'),
        })],
      }),
    },
    {
      name: 'placement',
      hosts: ['lb1', 'lb2'],
      model: model({
        hosts: [host('lb1', 'eth1 10.0.0.11/24'), host('lb2', 'eth1 10.0.0.12/24')],
        defaults: [defaults()],
        backends: [
          backend('app', { servers: [server('app1', '127.0.0.1:8080')] }),
          backend('only-lb2', { placement: [ref('lb2')], servers: [server('x1', '127.0.0.1:8081')] }),
        ],
        frontends: [
          frontend('everywhere', { binds: [bind('*:80')], defaultBackend: ref('app') }),
          frontend('on-lb1', { placement: [ref('lb1')], binds: [bind('*:81')], defaultBackend: ref('app') }),
          frontend('on-lb2', { placement: [ref('lb2')], binds: [bind('*:82')], defaultBackend: ref('only-lb2') }),
        ],
        stats: [stats({ placement: [ref('lb1')], auth: [{ user: 'admin', password: new Secret('pw-lb1', 'P'), span: span() }] })],
      }),
    },
    {
      name: 'apiserver',
      model: model({
        defaults: [defaults({ log: true, forwardfor: true, balance: { algorithm: 'hdr', argument: 'Host', span: span() } })],
        frontends: [frontend('prod-apiserver', {
          origin: { kind: 'derived', from: 'cluster prod endpoint', span: span() }, mode: 'tcp', binds: [bind('*:6443')], defaultBackend: ref('prod-apiserver'),
        })],
        backends: [backend('prod-apiserver', {
          origin: { kind: 'derived', from: 'cluster prod endpoint', span: span() }, mode: 'tcp',
          health: health({ kind: 'http', method: 'GET', path: '/healthz', ssl: true }),
          servers: ['10.182.0.2', '10.182.0.3', '10.182.0.4'].map((ip, i) => server(`master${i + 1}`, `${ip}:6443`)),
        })],
      }),
    },
    {
      name: 'global-and-raw',
      model: model({
        global: {
          maxconn: 4000, nbthread: 2, statsSocket: '/run/haproxy/admin.sock', user: 'haproxy', group: 'haproxy', chroot: '/var/lib/haproxy', daemon: true,
          logs: [{ target: 'stdout', facility: 'local0', level: 'info', span: span() }, { target: '/dev/log', facility: 'local1', span: span() }],
          raw: [{ text: 'tune.ssl.default-dh-param 2048', span: span() }], span: span(),
        },
        defaults: [defaults({ raw: [{ text: 'option dontlognull', span: span() }] })],
        frontends: [frontend('web', { binds: [bind('*:80')], defaultBackend: ref('app'), raw: [{ text: 'option http-buffer-request', span: span() }] })],
        backends: [backend('app', { servers: [server('a1', '127.0.0.1:8080')], raw: [{ text: 'option http-server-close', span: span() }, { text: '   ', span: span() }] })],
      }),
    },
    {
      name: 'quoting',
      model: model({
        defaults: [defaults()],
        frontends: [frontend('web', {
          binds: [bind('*:80')],
          routes: [{ backend: ref('app'), conditions: [path('exact', '/a b', "/it's", '/#hash', '/${X}', '/say "hi"', '/back\\slash')], span: span() }],
          httpActions: [
            { kind: 'set-header', name: 'X-Port', value: '%[dst_port]', span: span() },
            { kind: 'set-header', name: 'X-Env', value: '${HOME}', span: span() },
            { kind: 'set-header', name: 'X-Quote', value: `it's "quoted" $HOME`, span: span() },
            { kind: 'set-header', name: 'X-Hash', value: 'a # not a comment', span: span() },
            { kind: 'set-header', name: 'X-Expr', value: '%[req.hdr(host),lower]', span: span() },
          ],
          defaultBackend: ref('app'),
        })],
        backends: [backend('app', { servers: [server('a1', '127.0.0.1:8080')] })],
      }),
    },
  ];
}
