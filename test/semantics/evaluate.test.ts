/** Behaviour of `evaluate` that golden files do not show well: data for quick fixes, secrets never leaking,
 *  imports evaluated once, the examples evaluating cleanly, and the schema table being complete. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryFileSystem } from '../../packages/dsl/src/api/host.ts';
import { evaluate } from '../../packages/dsl/src/semantics/index.ts';
import { BLOCK_KINDS, SCHEMA } from '../../packages/dsl/src/semantics/schema.ts';
import { isSecret } from '../../packages/dsl/src/model/values.ts';

function run(source: string, env: Record<string, string> = {}, extra: Record<string, string> = {}) {
  return evaluate('main.lb', { fs: memoryFileSystem({ 'main.lb': source, ...extra }), env });
}

const codes = (r: ReturnType<typeof run>) => r.diagnostics.map((d) => d.code);

test('unknown backend carries the suggestion for a quick fix', () => {
  const r = run('backend app { server a 10.0.0.1:80 }\nfrontend web { bind *:80; default ap }');
  const d = r.diagnostics.find((x) => x.code === 'LB1003');
  assert.ok(d);
  assert.is(d!.message, "unknown backend 'ap'. Did you mean 'app'?");
  assert.equal(d!.data, { suggestion: 'app' });
  const source = 'backend app { server a 10.0.0.1:80 }\nfrontend web { bind *:80; default ap }';
  assert.is(source.slice(d!.span.start, d!.span.end), 'ap');
});

test('a secret value appears in no diagnostic and no JSON, but is kept for the emitter', () => {
  const value = 'TOP-SECRET-VALUE';
  const r = run('stats { bind 127.0.0.1:8404; auth admin secret(env("PW")); auth x secret("literal-pw") }\nlet s = secret(env("PW")) + "x"', { PW: value });
  const everything = JSON.stringify(r.diagnostics) + JSON.stringify(r.model);
  assert.not.ok(everything.includes(value));
  assert.not.ok(everything.includes('literal-pw'));
  const password = r.model.stats[0].auth[0].password;
  assert.ok(isSecret(password));
  assert.is(isSecret(password) && password.source, 'env PW');
  assert.ok(codes(r).includes('LB1015'));
  assert.ok(codes(r).includes('LB1005'), 'joining a secret into a string is refused');
});

test('env without default: LB1014 names the variable, and the setting is skipped without follow-on errors', () => {
  const r = run('frontend web { bind *:80; maxconn env("MAXCONN") }');
  assert.equal(codes(r), ['LB1014']);
  assert.ok(r.diagnostics[0].message.includes('MAXCONN'));
  assert.equal(r.diagnostics[0].data, { variable: 'MAXCONN' });
  assert.is(r.model.frontends[0].maxconn, undefined);
});

test('strings from env convert to the expected type', () => {
  const r = run('frontend web { bind *:env("PORT"); maxconn env("M") }\nbackend b { server s env("ADDR") weight env("W") }', { PORT: '8080', M: '100', ADDR: '10.0.0.1:81', W: '3' });
  assert.equal(codes(r), []);
  assert.is(r.model.frontends[0].binds[0].address.port, 8080);
  assert.is(r.model.frontends[0].maxconn, 100);
  assert.is(r.model.backends[0].servers[0].address.port, 81);
  assert.is(r.model.backends[0].servers[0].weight, 3);
});

test('a file imported twice is evaluated once', () => {
  const r = run('import "./a.lb"\nimport "./b.lb"', {}, {
    'a.lb': 'import "./common.lb"',
    'b.lb': 'import "./common.lb"',
    'common.lb': 'let p = 80\nbackend shared { server s 10.0.0.1:p }',
  });
  assert.equal(codes(r), []);
  assert.is(r.model.backends.length, 1);
  assert.equal(r.model.sources, ['main.lb', 'a.lb', 'common.lb', 'b.lb']);
  assert.equal([...r.files.keys()].sort(), ['a.lb', 'b.lb', 'common.lb', 'main.lb']);
});

test('import cycle names the chain and points at each import', () => {
  const r = run('import "./a.lb"', {}, { 'a.lb': 'import "./b.lb"', 'b.lb': 'import "./a.lb"' });
  const d = r.diagnostics.find((x) => x.code === 'LB1011');
  assert.ok(d);
  assert.ok(d!.message.includes('a.lb -> b.lb -> a.lb'));
  assert.is(d!.span.file, 'b.lb');
  assert.is(d!.related?.[0].span.file, 'a.lb');
});

test('listen is lowered to a frontend and a backend of the same name', () => {
  const r = run('listen db { mode tcp; bind *:3306; timeout client 1m, server 1m; server d1 10.0.0.1:3306 }');
  assert.equal(codes(r), []);
  const [fe] = r.model.frontends;
  const [be] = r.model.backends;
  assert.is(fe.name, 'db');
  assert.is(be.name, 'db');
  assert.is(fe.defaultBackend?.name, 'db');
  assert.is(fe.mode, 'tcp');
  assert.is(be.mode, 'tcp');
  assert.ok(fe.timeouts.client && !fe.timeouts.server);
  assert.ok(be.timeouts.server && !be.timeouts.client);
});

test('a vrrp endpoint derives the apiserver proxy on the vrrp members with the control-plane nodes', () => {
  const r = run(`
host lb1 { interface eth1 10.0.0.11/24 }
host lb2 { interface eth1 10.0.0.12/24 }
vrrp api { vip 10.0.0.100/24; router-id 7; members lb1 priority 150, lb2 priority 100 }
cluster k {
  kubernetes v1.28.8
  node m1 10.0.0.2 internal 192.168.0.2 roles control-plane, etcd
  node m2 10.0.0.3 roles control-plane
  node w1 10.0.0.4 roles worker
  endpoint api port 8443
}`);
  assert.equal(codes(r), []);
  const fe = r.model.frontends.find((f) => f.name === 'k-apiserver');
  const be = r.model.backends.find((b) => b.name === 'k-apiserver');
  assert.ok(fe && be);
  assert.is(fe!.binds[0].address.port, 8443);
  assert.equal(fe!.placement?.map((p) => p.name), ['lb1', 'lb2']);
  assert.is(fe!.origin.kind, 'derived');
  assert.equal(be!.servers.map((s) => [s.name, s.address.host !== '*' && 'text' in s.address.host ? s.address.host.text : '', s.address.port]), [
    ['m1', '192.168.0.2', 6443],
    ['m2', '10.0.0.3', 6443],
  ]);
  assert.equal({ kind: be!.health?.kind, path: be!.health?.path, ssl: be!.health?.ssl }, { kind: 'http', path: '/healthz', ssl: true });
});

test('a frontend already on the endpoint port suppresses the derived proxy', () => {
  const r = run(`
host lb1 { address 10.0.0.11 }
vrrp api { vip 10.0.0.100; router-id 7; members lb1 }
backend mine { server a 10.0.0.2:6443 }
frontend own { bind *:6443; default mine }
cluster k { kubernetes v1.28.8; node m1 10.0.0.2 roles control-plane, etcd; endpoint api }`);
  assert.equal(r.model.frontends.map((f) => f.name), ['own']);
});

test('type errors point at the offending argument', () => {
  const source = 'backend b { server a 10.0.0.1:80 weight 300 }';
  const r = run(source);
  assert.equal(codes(r), ['LB1006']);
  assert.is(source.slice(r.diagnostics[0].span.start, r.diagnostics[0].span.end), '300');
});

test('loops and recursion are bounded', () => {
  assert.equal(codes(run('backend b { for i in 1..100001 { server "s${i}" 10.0.0.1:80 } }')), ['LB1017']);
  assert.equal(codes(run('fn f(n) = f(n + 1)\nlet x = f(0)')), ['LB1017']);
  const nested = run('let n = 0\nbackend b { for i in 1..400 { for j in 1..400 { server "s" 10.0.0.1:80 } } }');
  assert.ok(codes(nested).includes('LB1017'));
});

test('a missing entry file is reported, not thrown', () => {
  const r = evaluate('nope.lb', { fs: memoryFileSystem({}) });
  assert.equal(r.diagnostics.map((d) => d.code), ['LB1010']);
  assert.is(r.model.frontends.length, 0);
});

test('the examples evaluate without errors', () => {
  const dir = join(import.meta.dirname, '..', '..', 'examples');
  const names = readdirSync(dir).filter((n) => n.endsWith('.lb'));
  assert.ok(names.length >= 3);
  for (const name of names) {
    const path = `examples/${name}`;
    const r = evaluate(path, { fs: memoryFileSystem({ [path]: readFileSync(join(dir, name), 'utf8') }), env: {} });
    const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);
    assert.equal(errors, [], name);
    assert.ok(r.model.frontends.length > 0, `${name} has frontends`);
  }
});

test('never throws on partial or mangled input', () => {
  const dir = join(import.meta.dirname, '..', '..', 'examples');
  const fixtures = join(import.meta.dirname, '..', 'fixtures', 'semantics');
  const sources = [
    ...readdirSync(dir).filter((n) => n.endsWith('.lb')).map((n) => readFileSync(join(dir, n), 'utf8')),
    readFileSync(join(fixtures, 'ok-cluster', 'input.lb'), 'utf8'),
    readFileSync(join(fixtures, 'ok-frontend', 'input.lb'), 'utf8'),
  ];
  let runs = 0;
  for (const text of sources) {
    for (let cut = 0; cut < text.length; cut += 23) {
      const variants = [text.slice(0, cut), text.slice(0, cut) + text.slice(cut + 7), text.slice(0, cut) + ' ${ , 1.. [ ' + text.slice(cut)];
      for (const v of variants) {
        try {
          run(v);
          runs++;
        } catch (e) {
          assert.unreachable(`evaluate threw ${String(e)} on:\n${v}`);
        }
      }
    }
  }
  assert.ok(runs > 100);
});

test('the schema documents every block and directive', () => {
  for (const kind of BLOCK_KINDS) {
    assert.ok(SCHEMA[kind].doc.length > 10, kind);
    for (const [name, spec] of Object.entries(SCHEMA[kind].directives)) {
      assert.ok(spec.doc.length > 10, `${kind}.${name} doc`);
      assert.ok(spec.max === undefined || spec.max >= spec.min, `${kind}.${name} arity`);
    }
  }
});

test('every directive in the schema is understood by its builder', () => {
  // An argument-free use of each flag directive must not be reported as unknown (LB1002/LB1021) by the walker.
  for (const kind of BLOCK_KINDS) {
    for (const name of Object.keys(SCHEMA[kind].directives)) {
      const header = ['global', 'defaults', 'stats'].includes(kind) ? '' : ' x';
      const r = run(`${kind}${header} { ${name} }`);
      assert.not.ok(r.diagnostics.some((d) => d.code === 'LB1002' || d.code === 'LB1021'), `${kind}.${name}`);
    }
  }
});

test.run();
