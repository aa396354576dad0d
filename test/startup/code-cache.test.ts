/**
 * The start-up path of the installed `lb` (bin/lb.cjs): it runs dist/lb.cjs from the V8 code cache the build makes
 * (bin/code-cache.cjs), falls back to plain compiling when the cache is missing or made for other bytes, and never
 * writes next to the bundle itself. The bundles skip chevrotain's grammar checks; the sources (these tests) do not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '../../packages/dsl/src/syntax/parser.ts';
import { baseEnv, DSL, ensureBuilt, EXAMPLES, LB_CJS, LB_MJS, ROOT, snapshot, tempDir } from '../cli/helpers.ts';

const CACHE = `${LB_CJS}.cache`;

/** Plain `node` (no NODE_OPTIONS: V8 rejects a cache made under other V8 flags). */
function node(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd, env: baseEnv(), encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the installed layout (bin/ and dist/) in a temp dir, to tamper with. */
function installCopy(): string {
  ensureBuilt();
  const dir = tempDir('code-cache');
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist'));
  for (const f of ['lb.cjs', 'code-cache.cjs']) copyFileSync(join(DSL, 'bin', f), join(dir, 'bin', f));
  for (const f of ['lb.cjs', 'lb.cjs.cache']) copyFileSync(join(DSL, 'dist', f), join(dir, 'dist', f));
  return dir;
}

test('the build writes a cache that V8 accepts for the bundle', () => {
  ensureBuilt();
  const probe = `const { loadBundle } = require(${JSON.stringify(join(DSL, 'bin/code-cache.cjs'))});
const { script, fromCache } = loadBundle(${JSON.stringify(LB_CJS)});
process.stdout.write(JSON.stringify({ fromCache, rejected: script.cachedDataRejected }));`;
  const r = node(['-e', probe]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), { fromCache: true, rejected: false });
});

test('bin/lb.cjs (from the cache) writes exactly what dist/lb.cjs writes, for every example', () => {
  ensureBuilt();
  for (const name of EXAMPLES) {
    const viaBin = tempDir('bin-out');
    const viaBundle = tempDir('bundle-out');
    const a = node([join(DSL, 'bin/lb.cjs'), 'compile', `examples/${name}.lb`, '-o', viaBin]);
    const b = node([LB_CJS, 'compile', `examples/${name}.lb`, '-o', viaBundle]);
    assert.is(a.code, 0, a.stderr);
    assert.is(b.code, 0, b.stderr);
    assert.is(a.stderr, b.stderr);
    assert.equal(snapshot(viaBin), snapshot(viaBundle), name);
  }
});

test('a cache made for other bytes of the same length is not used (V8 itself only compares the length)', () => {
  const dir = installCopy();
  const bundle = join(dir, 'dist/lb.cjs');
  const { version } = JSON.parse(readFileSync(join(DSL, 'package.json'), 'utf8')) as { version: string };
  const other = version.replace(/^./, (c) => (c === '9' ? '8' : '9'));
  const text = readFileSync(bundle, 'utf8');
  assert.ok(text.includes(JSON.stringify(version)), 'the version is inlined in the bundle');
  writeFileSync(bundle, text.replace(JSON.stringify(version), JSON.stringify(other)));
  const r = node([join(dir, 'bin/lb.cjs'), '--version']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, `${other}\n`);
});

test('without a cache bin/lb.cjs still runs, and writes nothing next to the bundle', () => {
  const dir = installCopy();
  rmSync(join(dir, 'dist/lb.cjs.cache'));
  const before = snapshot(join(dir, 'dist'));
  const out = tempDir('no-cache-out');
  const r = node([join(dir, 'bin/lb.cjs'), 'compile', 'examples/case1-roundrobin.lb', '-o', out]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /haproxy\.cfg/);
  assert.equal(snapshot(join(dir, 'dist')), before);
});

test('a damaged cache is ignored', () => {
  const dir = installCopy();
  const cache = join(dir, 'dist/lb.cjs.cache');
  const bytes = readFileSync(cache);
  writeFileSync(cache, bytes.subarray(0, bytes.length >> 1));
  const r = node([join(dir, 'bin/lb.cjs'), 'check', 'examples/case1-roundrobin.lb']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 errors/);
});

test('an internal error still points into dist/lb.cjs at the right line (the launcher keeps line numbers)', () => {
  const dir = installCopy();
  const bundle = join(dir, 'dist/lb.cjs');
  const lines = readFileSync(bundle, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('void runCliAsync('));
  assert.ok(at > 0, 'the entry call is in the bundle');
  lines.splice(at, 0, 'throw new Error("probe");');
  writeFileSync(bundle, lines.join('\n'));
  const r = node([join(dir, 'bin/lb.cjs'), '--version']);
  assert.is.not(r.code, 0);
  assert.ok(r.stderr.includes(`${bundle}:${at + 1}`), r.stderr);
});

test('the sources check the grammar; the bundles skip it (the define in build.mjs is applied)', () => {
  ensureBuilt();
  assert.is((parser as unknown as { skipValidations: boolean }).skipValidations, false);
  for (const bundle of [LB_CJS, LB_MJS, join(ROOT, 'packages/lsp/dist/server.cjs')]) {
    assert.not.ok(readFileSync(bundle, 'utf8').includes('__LB_SKIP_GRAMMAR_CHECKS__'), bundle);
  }
});

test.run();
