/**
 * Secrets stay secret: unique values planted through env (a stats password, a VRRP password, a node password) must
 * appear in no output except the generated file that needs each one: not in any diagnostic (message, related,
 * data) of a clean or broken program, not in the model's JSON, not in `lb check` (text, json, sarif, github), not in
 * `lb graph`, not on the console of `lb compile`. The files that hold one are written 0600, all others 0644.
 */
import { statSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, compile, diagnosticsToJson, formatDiagnosticsText, memoryFileSystem, SourceSet } from '../../packages/dsl/src/index.ts';
import { baseEnv, lb, listFiles, tempDir } from '../cli/helpers.ts';
import { vrrpPairSource } from '../helpers/vrrp-pair.ts';

const SECRETS = {
  LB_STATS_PASS: 'StatsPw-7Hq2zW',
  LB_VRRP_PASS: 'Vq8kZp2w',
  LB_NODE_PASS: 'NodePw-3Kx9rT',
  LB_LONG_PASS: 'LongVrrpSecret-99Qz',
};
const LITERAL_SECRET = 'LiteralSecret-42Xy';
const ENV = { ...SECRETS };

const PROGRAM = `${vrrpPairSource('secret(env("LB_VRRP_PASS"))')}
defaults {
  mode http
  timeout connect 5s, client 30s, server 30s
}
backend app {
  server app1 127.0.0.1:9001
}
frontend web {
  bind 127.0.0.1:8080
  default app
}
stats {
  bind 127.0.0.1:8404
  auth admin secret(env("LB_STATS_PASS"))
  on lb1
}
cluster prod {
  kubernetes v1.28.8 with containerd
  node master1 10.182.0.2 password secret(env("LB_NODE_PASS")) roles control-plane, etcd
  node worker1 10.182.0.5 roles worker
  endpoint api port 6443
}
cluster dev {
  kubernetes v1.28.8 with containerd
  node devmaster 10.183.0.2 roles control-plane, etcd
}
`;

const S = 'secret(env("LB_STATS_PASS"))';
/** Each one misuses a secret (or breaks the program near one), so a careless message would print the value. */
const BREAKAGES = [
  `let s1 = ${S}\nbackend leak1 { server "\${s1}" 127.0.0.1:9101 }`,
  `global { maxconn ${S} }`,
  `backend leak2 { server s 127.0.0.1:9102 weight ${S} }`,
  `let s2 = ${S} + "x"`,
  `let s3 = "x" + ${S}`,
  `let s4 = str(${S})`,
  `let s5 = int(${S})`,
  `let s6 = upper(${S})`,
  `let s7 = join([${S}, "a"], ",")`,
  `let s8 = ${S}[0]`,
  `let s9 = ${S}.length`,
  `let s10 = ${S} * 2`,
  // Comparing a secret is allowed (no diagnostic); the branch then misuses it.
  `if ${S} != "x" { global { maxconn ${S} } }`,
  `fn plus(x) = x + 1\nlet s11 = plus(${S})`,
  `backend leak3 { server s 127.0.0.1:9103\n  set-header X-Key ${S}\n  raw ${S} }`,
  `stats leak4 { bind 127.0.0.1:8405\n uri ${S}\n realm ${S}\n auth ${S} ${S} }`,
  `frontend leak5 { bind ${S}\n default app }`,
  `backend leak6 { server ${S} 127.0.0.1:9104 }`,
  `cluster leak7 { kubernetes v1.28.8 with containerd\n node ${S} 10.184.0.2 user ${S} roles control-plane, etcd }`,
  `vrrp leak8 { vip 10.182.0.101/24\n router-id 52\n members lb1 priority 150, lb2 priority 100\n auth secret(env("LB_LONG_PASS")) }`,
  `stats leak9 { bind 127.0.0.1:8406\n auth admin secret("${LITERAL_SECRET}") }`,
  `backend leak10 { server s 127.0.0.1:9105 }\nfrontend leak11 { bind 127.0.0.1:8081\n default leak10x }\nlet typo = env("LB_STATS_PAS")`,
  `for x in ${S} { }`,
  `let s12 = ${S}\nlet s12 = ${S}`,
  `backend app { server app9 127.0.0.1:9001 }`,
];

const VALUES = [...Object.values(SECRETS), LITERAL_SECRET];

function leaks(text: string): string[] {
  return VALUES.filter((v) => text.includes(v));
}

function assertClean(text: string, where: string): void {
  const found = leaks(text);
  assert.equal(found, [], `${where} contains a secret value:\n${text.slice(0, 3000)}`);
}

const inMemory = (source: string) => ({ fs: memoryFileSystem({ 'main.lb': source }), env: ENV });

test('every broken variant reports errors or warnings that never contain a secret', () => {
  for (const [i, breakage] of BREAKAGES.entries()) {
    const source = `${PROGRAM}\n${breakage}\n`;
    const checked = check('main.lb', inMemory(source));
    assert.ok(checked.diagnostics.length > 0, `variant ${i} should draw a diagnostic:\n${breakage}`);
    assertClean(JSON.stringify(checked.diagnostics), `diagnostics of variant ${i} (${breakage})`);
    assertClean(JSON.stringify(checked.model), `model of variant ${i}`);
    const sources = new SourceSet();
    sources.add(checked.files);
    assertClean(JSON.stringify(diagnosticsToJson(checked.diagnostics, sources)), `JSON diagnostics of variant ${i}`);
    const compiled = compile('main.lb', inMemory(source));
    assertClean(JSON.stringify(compiled.diagnostics), `compile diagnostics of variant ${i}`);
  }
});

test('the clean program: the model and the diagnostics hold no secret, the outputs hold each only where needed', () => {
  const compiled = compile('main.lb', inMemory(PROGRAM));
  assert.ok(compiled.ok, JSON.stringify(compiled.diagnostics));
  assertClean(JSON.stringify(compiled.diagnostics), 'diagnostics');
  assertClean(JSON.stringify(check('main.lb', inMemory(PROGRAM)).model), 'model');
  const holders: Record<string, string[]> = {};
  for (const out of compiled.outputs) holders[out.path] = leaks(out.text);
  assert.equal(holders, {
    'lb1/haproxy.cfg': [SECRETS.LB_STATS_PASS],
    'lb1/keepalived.conf': [SECRETS.LB_VRRP_PASS],
    'lb2/haproxy.cfg': [],
    'lb2/keepalived.conf': [SECRETS.LB_VRRP_PASS],
    'prod.yaml': [SECRETS.LB_NODE_PASS],
    'dev.yaml': [],
  });
  for (const out of compiled.outputs) assert.is(out.secret, holders[out.path].length > 0, `${out.path}: secret flag`);
  // The text renderer with code frames, in-process.
  const sources = new SourceSet();
  sources.add(compiled.files);
  assertClean(formatDiagnosticsText(compiled.diagnostics, sources, { color: false }), 'text diagnostics');
});

const dir = tempDir('secrets');
const clean = join(dir, 'clean.lb');
const broken = join(dir, 'broken.lb');
writeFileSync(clean, PROGRAM);
// Every breakage at once except the literal one, whose value is in the source and so in any code frame.
writeFileSync(broken, `${PROGRAM}\n${BREAKAGES.filter((b) => !b.includes(LITERAL_SECRET)).join('\n')}\n`);
const env = baseEnv({ ...SECRETS, NO_COLOR: '1' });

test('lb check in every format, on the clean and the broken program, prints no secret', () => {
  for (const file of [clean, broken]) {
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = lb(['check', file, '--format', format], { env });
      assert.ok(r.code === 0 || r.code === 1, `lb check --format ${format} ${file}: exit ${r.code}\n${r.stderr}`);
      assertClean(r.stdout + r.stderr, `lb check --format ${format} ${file}`);
      if (file === broken) assert.ok(r.stdout.length + r.stderr.length > 100, `lb check --format ${format} should report the broken file`);
    }
  }
});

test('lb graph prints no secret', () => {
  for (const file of [clean, broken]) {
    for (const format of ['mermaid', 'dot']) {
      const r = lb(['graph', file, '--format', format], { env });
      assert.ok(r.code === 0 || r.code === 1, `lb graph --format ${format}: exit ${r.code}\n${r.stderr}`);
      assert.ok(r.stdout.length > 0, 'graph output expected');
      assertClean(r.stdout + r.stderr, `lb graph --format ${format} ${file}`);
    }
  }
});

test('lb compile: secrets only in the files that need them, those 0600, all others 0644; a failed compile writes nothing', () => {
  const out = join(dir, 'out');
  const r = lb(['compile', clean, '-o', out], { env });
  assert.is(r.code, 0, r.stderr);
  assertClean(r.stdout + r.stderr, 'lb compile console');
  const files = listFiles(out);
  assert.equal(files, ['dev.yaml', 'lb1/haproxy.cfg', 'lb1/keepalived.conf', 'lb2/haproxy.cfg', 'lb2/keepalived.conf', 'prod.yaml']);
  for (const file of files) {
    const text = readFileSync(join(out, file), 'utf8');
    const mode = statSync(join(out, file)).mode & 0o777;
    const holds = leaks(text).length > 0;
    assert.is(mode, holds ? 0o600 : 0o644, `${file} holds ${holds ? 'a' : 'no'} secret but has mode ${mode.toString(8)}`);
  }
  assert.is(statSync(join(out, 'lb1/haproxy.cfg')).mode & 0o777, 0o600);
  assert.is(statSync(join(out, 'dev.yaml')).mode & 0o777, 0o644);

  const failed = join(dir, 'failed');
  const f = lb(['compile', broken, '-o', failed], { env });
  assert.is(f.code, 1, `a broken program must not compile:\n${f.stdout}${f.stderr}`);
  assertClean(f.stdout + f.stderr, 'lb compile console on a broken program');
  assert.equal(listFiles(failed), []);
});

test.run();
