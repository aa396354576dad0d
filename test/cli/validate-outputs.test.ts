/**
 * End to end: what `lb compile` writes for each example is accepted by the real tools: `haproxy -c` for every
 * haproxy.cfg, and `keepalived -t` (inside a throwaway network namespace that has the interfaces the config
 * names, see shared/reference/testing-recipes.md §3) for every keepalived.conf. Skipped when the tools are not
 * installed (.ci/run installs them); the keepalived part needs root.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, lb, listFiles, tempDir } from './helpers.ts';

const PATH = `/usr/local/sbin:/usr/sbin:/sbin:${process.env.PATH ?? '/usr/bin:/bin'}`;
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { env: { PATH } }).status === 0;
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { env: { PATH }, encoding: 'utf8' });
const isRoot = process.getuid?.() === 0;

function compiled(): { dir: string; files: string[] }[] {
  return EXAMPLES.map((name) => {
    const dir = tempDir(`valid-${name}`);
    const r = lb(['compile', `examples/${name}.lb`, '-o', dir]);
    assert.is(r.code, 0, `${name}: ${r.stderr}`);
    return { dir, files: listFiles(dir) };
  });
}

test('haproxy -c accepts every generated haproxy.cfg', () => {
  if (!has('haproxy')) return console.log('  (skipped: haproxy not installed)');
  let checked = 0;
  for (const { dir, files } of compiled()) {
    for (const file of files.filter((f) => f.endsWith('haproxy.cfg'))) {
      const r = run('haproxy', ['-c', '-f', join(dir, file)]);
      assert.is(r.status, 0, `${file}:\n${r.stdout}${r.stderr}\n${readFileSync(join(dir, file), 'utf8')}`);
      checked++;
    }
  }
  assert.is(checked, 4);
});

test('keepalived -t accepts every generated keepalived.conf (in a network namespace)', () => {
  if (!has('keepalived') || !has('ip') || !isRoot) return console.log('  (skipped: needs root, keepalived and iproute2)');
  let checked = 0;
  for (const { dir, files } of compiled()) {
    for (const file of files.filter((f) => f.endsWith('keepalived.conf'))) {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      const interfaces = [...new Set([...text.matchAll(/^\s*interface\s+(\S+)/gm)].map((m) => m[1]))];
      const ns = `lbcli${process.pid}${checked}`;
      try {
        assert.is(run('ip', ['netns', 'add', ns]).status, 0);
        interfaces.forEach((name, i) => {
          assert.is(run('ip', ['-n', ns, 'link', 'add', name, 'type', 'veth', 'peer', 'name', `lbpeer${i}`]).status, 0);
          assert.is(run('ip', ['-n', ns, 'link', 'set', name, 'up']).status, 0);
        });
        const r = run('ip', ['netns', 'exec', ns, 'keepalived', '-t', '-f', path]);
        assert.is(r.status, 0, `${file}:\n${r.stdout}${r.stderr}\n${text}`);
      } finally {
        run('ip', ['netns', 'del', ns]);
      }
      checked++;
    }
  }
  assert.is(checked, 2);
});

test.run();
