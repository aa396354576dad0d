/**
 * `lb graph` on hand-built models: no hosts, unchecked servers, a stats page without auth, hostile characters in
 * every label, ID collisions, host grouping, VRRP masters, every cluster endpoint kind, undeclared names, secrets.
 * The named ones also have golden files; every output is checked by the Mermaid structure check and `dot -Tsvg`.
 */
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Model } from '../../packages/dsl/src/model/model.ts';
import { Secret } from '../../packages/dsl/src/model/values.ts';
import { graphDot, graphMermaid } from '../../packages/dsl/src/graph/index.ts';
import { expectGolden } from '../helpers/golden.ts';
import {
  backend, bind, cluster, defaults, frontend, host, ip, model, node, ref, server, span, stats, vrrp,
} from '../helpers/model-builders.ts';
import { graphvizAvailable, renderSvg } from './graphviz.ts';
import { checkMermaid, decodeLabel, type MermaidShape } from './mermaid-structure.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'graph');
const dot = graphvizAvailable();

/** Both renderings, validated; returns the parsed Mermaid shape for assertions. */
function draw(m: Model, golden?: string): { shape: MermaidShape; mermaid: string; dot: string } {
  const mermaid = graphMermaid(m);
  const dotText = graphDot(m);
  if (golden) {
    expectGolden(join(FIXTURES, golden, 'graph.mmd'), mermaid);
    expectGolden(join(FIXTURES, golden, 'graph.dot'), dotText);
  }
  const shape = checkMermaid(mermaid);
  assert.equal(shape.problems, [], `mermaid structure:\n${mermaid}`);
  if (dot) {
    const svg = renderSvg(dotText);
    assert.ok(svg.ok, `dot -Tsvg rejected:\n${svg.output}\n${dotText}`);
  }
  return { shape, mermaid, dot: dotText };
}

const labelOf = (shape: MermaidShape, id: string) => decodeLabel(shape.nodes.get(id) ?? `<no node ${id}>`);
const warned = (mermaid: string) => (/^ {2}class (\S+) lb_warn$/m.exec(mermaid)?.[1] ?? '').split(',').filter(Boolean);

test('no hosts: proxies drawn without groups, route conditions in short form', () => {
  const m = model({
    frontends: [
      frontend('web', {
        binds: [bind('*:80'), bind('10.0.0.1:443', { tls: { cert: '/etc/site.pem' } })],
        mode: 'http',
        routes: [
          { backend: ref('api'), conditions: [{ kind: 'path', match: 'prefix', values: ['/api'], span: span() }], span: span() },
          {
            backend: ref('api'),
            conditions: [
              { kind: 'host', match: 'exact', values: ['a.example', 'b.example'], span: span() },
              { kind: 'source', cidrs: [{ ip: ip('10.0.0.0'), prefix: 8 }], negate: true, span: span() },
              { kind: 'header', name: 'X-Canary', match: 'present', values: [], span: span() },
            ],
            span: span(),
          },
        ],
        defaultBackend: ref('app'),
      }),
    ],
    backends: [
      backend('app', { servers: [server('a1', '10.0.0.11:8080'), server('a2', '10.0.0.12:8080', { weight: 3, backup: true })] }),
      backend('api', { servers: [server('p1', '10.0.0.21:9000')] }),
    ],
  });
  const { shape } = draw(m, 'no-hosts');
  assert.equal(shape.subgraphs.size, 0);
  assert.is(labelOf(shape, 'fe_web'), 'frontend web\nbind *:80, 10.0.0.1:443 tls\nmode http');
  const labels = shape.edges.filter((e) => e.from === 'fe_web').map((e) => decodeLabel(e.label ?? ''));
  assert.equal(labels, ['path /api', 'host a.example b.example and not source 10.0.0.0/8 and header X-Canary present', 'default']);
  assert.is(labelOf(shape, 'srv_app_a2'), 'server a2\n10.0.0.12:8080\nweight 3\nbackup\ntcp check');
});

test('unchecked servers: health none, nocheck, and inherited checks', () => {
  const m = model({
    defaults: [defaults({ health: { kind: 'http', method: 'GET', path: '/health', span: span() } })],
    backends: [
      backend('off', { health: { kind: 'none', span: span() }, servers: [server('s1', '10.0.0.1:80')] }),
      backend('mixed', { health: { kind: 'tcp', span: span() }, servers: [server('s2', '10.0.0.2:80', { check: false }), server('s3', '10.0.0.3:80')] }),
      backend('inherits', { health: undefined, servers: [server('s4', '10.0.0.4:80')] }),
      backend('empty', { servers: [] }),
    ],
  });
  const { shape, mermaid } = draw(m, 'unchecked-server');
  assert.match(labelOf(shape, 'srv_off_s1'), /NOT CHECKED$/);
  assert.match(labelOf(shape, 'srv_mixed_s2'), /NOT CHECKED$/);
  assert.match(labelOf(shape, 'srv_mixed_s3'), /\ntcp check$/);
  assert.match(labelOf(shape, 'srv_inherits_s4'), /\nchecked: http GET \/health$/);
  assert.equal(warned(mermaid), ['be_empty', 'srv_off_s1', 'srv_mixed_s2']);
});

test('stats page without auth is a warning; with auth only user names are shown', () => {
  const m = model({
    stats: [
      stats({ name: 'open', auth: [] }),
      stats({ name: 'closed', admin: true, auth: [{ user: 'ops', password: 'plain-pw-91x', span: span() }, { user: 'dev', password: new Secret('secret-pw-91x', 'env:X'), span: span() }] }),
    ],
  });
  const { shape, mermaid, dot: dotText } = draw(m, 'stats-no-auth');
  assert.is(labelOf(shape, 'st_open'), 'stats page open\nbind 127.0.0.1:8404, uri /stats\nNO AUTH');
  assert.is(labelOf(shape, 'st_closed'), 'stats page closed\nbind 127.0.0.1:8404, uri /stats\nauth: ops, dev\nadmin');
  assert.equal(warned(mermaid), ['st_open']);
  for (const text of [mermaid, dotText]) {
    assert.not.ok(text.includes('plain-pw-91x'));
    assert.not.ok(text.includes('secret-pw-91x'));
  }
});

const HOSTILE = 'x"y#z;w[a]b{c}d|e`f\\g<script>h&i\nj%%{init}k\u0000l end o--x ü\ud800';

test('hostile characters in every label: valid Mermaid and DOT, text still readable', () => {
  const m = model({
    hosts: [host(HOSTILE, 'eth0 10.0.0.11/24')],
    frontends: [
      frontend(HOSTILE, {
        binds: [bind('*:80')],
        routes: [{ backend: ref(HOSTILE), conditions: [{ kind: 'path', match: 'regex', values: [HOSTILE], span: span() }, { kind: 'header', name: HOSTILE, match: 'exact', values: ['"'], span: span() }], span: span() }],
        defaultBackend: ref('missing"one'),
        placement: [ref(HOSTILE)],
      }),
    ],
    backends: [backend(HOSTILE, { servers: [server(HOSTILE, '10.0.0.5:80'), { ...server('dns', '10.0.0.6:80'), address: { host: { dns: HOSTILE }, port: 80 } }] })],
    stats: [stats({ name: HOSTILE, uri: HOSTILE, auth: [{ user: HOSTILE, password: 'pw', span: span() }] })],
    vrrps: [vrrp(HOSTILE, { members: [{ host: ref(HOSTILE), priority: 100, span: span() }], interface: { name: HOSTILE, span: span() } })],
    clusters: [cluster(HOSTILE, { endpoint: { kind: 'vrrp', vrrp: ref(HOSTILE), port: 6443, domain: HOSTILE, span: span() } })],
    sources: [`${HOSTILE}.lb`],
  });
  const { shape, mermaid, dot: dotText } = draw(m, 'hostile-labels');
  const shown = HOSTILE.replace(/[\n\u0000\ud800]/g, '\ufffd');
  const fe = [...shape.nodes.entries()].find(([id]) => id.startsWith('fe_'));
  assert.ok(fe, 'frontend drawn');
  assert.is(decodeLabel(fe![1]).split('\n')[0], `frontend ${shown}`);
  assert.ok(shape.edges.some((e) => decodeLabel(e.label ?? '') === `path regex ${shown} and header ${shown} "`), 'route label decodes to the text');
  assert.not.match(mermaid, /%%\{/);
  // DOT: no line may be broken by a raw newline inside a string, and every quote inside a string is escaped.
  if (dot) {
    // What Graphviz draws is the text itself: escapes round-trip (SVG escapes <, > and & again).
    const svg = renderSvg(dotText).svg;
    assert.ok(svg.includes('x&quot;y#z;w[a]b{c}d|e`f\\g&lt;script&gt;h&amp;i\ufffdj%%{init}k\ufffdl end o&#45;&#45;x ü\ufffd'), svg);
  }
  for (const line of dotText.split('\n')) {
    const quotes = line.replace(/\\\\/g, '').replace(/\\"/g, '').split('"').length - 1;
    assert.is(quotes % 2, 0, `unbalanced quotes: ${line}`);
  }
});

test('colliding names get distinct, stable IDs', () => {
  const m = model({
    frontends: [frontend('f', { binds: [bind('*:80')], routes: [{ backend: ref('a.b'), conditions: [{ kind: 'method', values: ['GET'], span: span() }], span: span() }], defaultBackend: ref('a-b') })],
    backends: [backend('a-b', { servers: [server('s', '10.0.0.1:80')] }), backend('a.b', { servers: [server('s', '10.0.0.2:80')] }), backend('a_b')],
  });
  const { shape } = draw(m);
  assert.ok(shape.nodes.has('be_a_b') && shape.nodes.has('be_a_b_2') && shape.nodes.has('be_a_b_3'));
  assert.match(labelOf(shape, 'be_a_b'), /^backend a-b\n/);
  assert.match(labelOf(shape, 'be_a_b_2'), /^backend a\.b\n/);
  assert.ok(shape.edges.some((e) => e.from === 'fe_f' && e.to === 'be_a_b_2' && decodeLabel(e.label ?? '') === 'method GET'));
  assert.ok(shape.edges.some((e) => e.from === 'fe_f' && e.to === 'be_a_b' && e.label === 'default'));
  assert.is(labelOf(shape, 'srv_a_b_s_2').split('\n')[1], '10.0.0.2:80');
});

test('host sets whose names sanitize alike stay separate groups', () => {
  const m = model({
    hosts: [host('a', 'eth0 10.0.0.1/24'), host('b', 'eth0 10.0.0.2/24'), host('a_b', 'eth0 10.0.0.3/24')],
    frontends: [frontend('two', { placement: [ref('a'), ref('b')] }), frontend('one', { placement: [ref('a_b')] })],
  });
  const { shape } = draw(m);
  assert.equal([...shape.subgraphs.values()].map(decodeLabel), ['haproxy on a, b', 'haproxy on a_b']);
  assert.equal([...shape.subgraphs.keys()], ['grp_on_a_b', 'grp_on_a_b_2']);
});

test('hosts: one group per host set, each proxy drawn once, VRRP master marked', () => {
  const m = model({
    hosts: [host('lb1', 'eth1 10.0.0.11/24'), host('lb2', 'eth1 10.0.0.12/24'), host('db', 'eth1 10.0.0.30/24', { roles: ['worker'] })],
    frontends: [
      frontend('everywhere', { binds: [bind('*:80')], defaultBackend: ref('app') }),
      frontend('only-lb2', { binds: [bind('10.0.0.100:8080')], defaultBackend: ref('app'), placement: [ref('lb2')] }),
      frontend('both-listed', { binds: [bind('*:81')], defaultBackend: ref('app'), placement: [ref('lb2'), ref('lb1')] }),
    ],
    backends: [backend('app', { servers: [server('s1', '10.0.0.20:80')] })],
    vrrps: [vrrp('vip', { master: ref('lb2') })],
  });
  const { shape } = draw(m, 'hosts-and-vrrp');
  assert.equal([...shape.subgraphs.values()].map(decodeLabel), ['haproxy on every LB host: lb1, lb2', 'haproxy on lb2', 'vrrp vip (router-id 51)']);
  assert.equal([...shape.nodes.keys()].filter((id) => id.startsWith('host_')), ['host_lb1', 'host_lb2'], 'only LB hosts are drawn');
  assert.is(shape.nodes.size, new Set(shape.nodes.keys()).size);
  const vipEdges = shape.edges.filter((e) => e.from === 'vip_vip_10_0_0_100');
  assert.equal(vipEdges.map((e) => [e.to, decodeLabel(e.label ?? '')]), [
    ['host_lb1', 'priority 150'],
    ['host_lb2', 'priority 100 (MASTER)'],
    ['fe_only_lb2', ':8080'],
  ]);
});

test('cluster endpoints of every kind reach the control-plane nodes; workers are listed', () => {
  const nodes = [node('cp1', '10.0.0.2', ['control-plane', 'etcd']), node('cp2', '10.0.0.3', ['control-plane']), node('w1', '10.0.0.5', ['worker']), node('e1', '10.0.0.9', ['etcd'])];
  const m = model({
    clusters: [
      cluster('kv', { nodes, endpoint: { kind: 'kube-vip', address: ip('10.0.0.200'), port: 6443, mode: 'ARP', span: span() } }),
      cluster('ih', { nodes, endpoint: { kind: 'internal-haproxy', port: 6443, domain: 'lb.kubesphere.local', span: span() } }),
      cluster('ext', { nodes, endpoint: { kind: 'address', address: ip('192.0.2.10'), port: 443, span: span() } }),
      cluster('none', { nodes }),
      cluster('lost', { nodes, endpoint: { kind: 'vrrp', vrrp: ref('nope'), port: 6443, span: span() } }),
    ],
  });
  const { shape } = draw(m, 'cluster-endpoints');
  for (const c of ['kv', 'ih', 'ext']) {
    assert.equal(shape.edges.filter((e) => e.from === `ep_${c}`).map((e) => e.to), [`node_${c}_cp1`, `node_${c}_cp2`], c);
    assert.is(labelOf(shape, `node_${c}_workers`), 'workers\nw1 10.0.0.5');
    assert.is(labelOf(shape, `node_${c}_others`), 'other nodes\ne1 10.0.0.9 (etcd)');
  }
  assert.is(labelOf(shape, 'ep_kv'), 'cluster kv API\n10.0.0.200:6443\nkube-vip (ARP)');
  assert.is(labelOf(shape, 'ep_ih'), 'cluster ih API\n:6443\ninternal haproxy on each worker\ndomain lb.kubesphere.local');
  assert.not.ok(shape.nodes.has('ep_none'));
  assert.ok(shape.edges.some((e) => e.from === 'ep_lost' && e.to === 'missing_vrrp_nope'), 'undeclared vrrp drawn as missing');
});

test('undeclared names and degenerate models never throw', () => {
  const weird: Model[] = [
    model(),
    model({ frontends: [frontend('f', { defaultBackend: ref('ghost'), routes: [{ backend: ref('ghost'), conditions: [], span: span() }] })] }),
    model({ hosts: [host('w', 'eth0 10.0.0.1/24', { roles: ['worker'] })], frontends: [frontend('f')], backends: [backend('b')] }),
    model({ hosts: [host('lb1', 'eth0 10.0.0.1/24')], frontends: [frontend('f', { placement: [] })], backends: [backend('b', { placement: [ref('elsewhere')] })] }),
    model({ vrrps: [vrrp('v', { members: [], vips: [] })], clusters: [cluster('c', { nodes: [] })] }),
    model({ vrrps: [vrrp('v', { members: [{ host: ref('lb9'), priority: 1, span: span() }, { host: ref('lb9'), priority: 1, span: span() }] })] }),
    model({ frontends: [frontend('dup'), frontend('dup')], backends: [backend('dup'), backend('dup')], stats: [stats(), stats()], sources: [] }),
  ];
  for (const m of weird) draw(m);
  const { shape } = draw(weird[1]);
  assert.is(labelOf(shape, 'missing_backend_ghost'), 'backend ghost\nNOT DECLARED');
  assert.is(shape.edges.filter((e) => e.to === 'missing_backend_ghost').length, 2, 'one missing node, two edges');
});

test('secrets never appear: vrrp auth, node passwords, stats passwords', () => {
  const m = model({
    hosts: [host('lb1', 'eth1 10.0.0.11/24'), host('lb2', 'eth1 10.0.0.12/24')],
    vrrps: [vrrp('api', { auth: { type: 'PASS', password: new Secret('vrrpSECRET', 'env:V'), span: span() } })],
    clusters: [cluster('c', { nodes: [node('m1', '10.0.0.2', ['control-plane'], { password: new Secret('nodeSECRET', 'env:N') }), node('w', '10.0.0.5', ['worker'], { password: 'plainNODEpw' })] })],
    stats: [stats({ auth: [{ user: 'u', password: new Secret('statsSECRET', 'env:S'), span: span() }] })],
  });
  const { mermaid, dot: dotText } = draw(m);
  for (const secret of ['vrrpSECRET', 'nodeSECRET', 'plainNODEpw', 'statsSECRET', '<secret>']) {
    assert.not.ok(mermaid.includes(secret), secret);
    assert.not.ok(dotText.includes(secret), secret);
  }
});

if (!dot) console.log('\n  SKIPPED dot -Tsvg in test/graph/models.test.ts: Graphviz is not installed');

test.run();
