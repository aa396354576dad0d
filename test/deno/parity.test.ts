/**
 * Deno runs lb exactly like Node:
 *  - the ESM bundle under Deno (`deno run --allow-read --allow-write --allow-env dist/lb.mjs compile ...`) writes
 *    byte-for-byte the same files, with the same modes, as the Node bundle; `check --format json` prints the same;
 *  - the pure core imported from source (TypeScript, `.ts` imports, bare `chevrotain` resolved from node_modules
 *    through the root package.json) gives the same compile() result under Deno as under Node.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { baseEnv, DENO, EXAMPLES, lb, lbDeno, ROOT, snapshot, tempDir } from '../cli/helpers.ts';

const env = baseEnv({ STATS_PASSWORD: 'parity-pw', VRRP_PASS: 'parity1' });

for (const name of EXAMPLES) {
  test(`lb compile examples/${name}.lb: Deno bundle output == Node bundle output`, () => {
    const denoDir = tempDir(`deno-${name}`);
    const nodeDir = tempDir(`node-${name}`);
    const d = lbDeno(['compile', `examples/${name}.lb`, '-o', denoDir], { env });
    assert.is(d.code, 0, `deno: ${d.stderr}`);
    const n = lb(['compile', `examples/${name}.lb`, '-o', nodeDir], { env });
    assert.is(n.code, 0, `node: ${n.stderr}`);
    const denoFiles = snapshot(denoDir);
    assert.ok(Object.keys(denoFiles).length > 0);
    assert.equal(denoFiles, snapshot(nodeDir));
  });
}

test('lb check --format json and exit code: Deno == Node', () => {
  const args = ['check', '--format', 'json', 'test/cli/fixtures/broken.lb'];
  const d = lbDeno(args);
  const n = lb(args);
  assert.is(d.code, 1);
  assert.is(d.code, n.code);
  assert.is(d.stdout, n.stdout);
  assert.ok(JSON.parse(d.stdout).length > 0);
});

test('lb usage error under Deno: exit 2', () => {
  const d = lbDeno(['frobnicate']);
  assert.is(d.code, 2);
  assert.match(d.stderr, /unknown command 'frobnicate'/);
});

const runCore = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: baseEnv({ NO_COLOR: '1' }), encoding: 'utf8' });
  assert.is(r.status, 0, `${cmd} ${args.join(' ')}:\n${r.stderr}`);
  return r.stdout;
};

for (const file of [...EXAMPLES.map((n) => `examples/${n}.lb`), 'test/cli/fixtures/broken.lb']) {
  test(`core from source, ${file}: compile() under Deno == under Node`, () => {
    const script = join('test', 'deno', 'compile-core.ts');
    const underDeno = runCore(DENO, ['run', '--allow-read', '--no-prompt', script, file]);
    const underNode = runCore(process.execPath, ['--import', 'tsx', script, file]);
    assert.ok(JSON.parse(underNode).files.length > 0);
    assert.is(underDeno, underNode);
  });
}

test.run();
