import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOutputs } from '../../packages/dsl/src/cli/output.ts';
import { snapshot, tempDir } from './helpers.ts';

const mode = (path: string) => statSync(path).mode & 0o777;

test('writes every file, creating directories; secret files 0600, others 0644 whatever the umask', () => {
  const dir = join(tempDir('write'), 'new', 'out');
  const previous = process.umask(0o077);
  try {
    const r = writeOutputs(dir, [
      { path: 'lb1/haproxy.cfg', text: 'a\n', secret: true },
      { path: 'lb1/keepalived.conf', text: 'b\n', secret: false },
      { path: 'prod.yaml', text: 'c\n', secret: false },
    ]);
    assert.ok(r.ok);
  } finally {
    process.umask(previous);
  }
  assert.is(readFileSync(join(dir, 'lb1/haproxy.cfg'), 'utf8'), 'a\n');
  assert.is(mode(join(dir, 'lb1/haproxy.cfg')), 0o600);
  assert.is(mode(join(dir, 'lb1/keepalived.conf')), 0o644);
  assert.is(mode(join(dir, 'prod.yaml')), 0o644);
  assert.equal(Object.keys(snapshot(dir)), ['lb1/', 'lb1/haproxy.cfg', 'lb1/keepalived.conf', 'prod.yaml'], 'no temporary file is left');
});

test('replaces existing files (a public file that becomes secret becomes 0600) and leaves other files alone', () => {
  const dir = tempDir('replace');
  writeFileSync(join(dir, 'haproxy.cfg'), 'old\n', { mode: 0o644 });
  writeFileSync(join(dir, 'sentinel'), 'keep\n');
  assert.ok(writeOutputs(dir, [{ path: 'haproxy.cfg', text: 'new\n', secret: true }]).ok);
  assert.is(readFileSync(join(dir, 'haproxy.cfg'), 'utf8'), 'new\n');
  assert.is(mode(join(dir, 'haproxy.cfg')), 0o600);
  assert.is(readFileSync(join(dir, 'sentinel'), 'utf8'), 'keep\n');
});

test('an IO error part-way leaves the directory exactly as it was (temporaries and new directories removed)', () => {
  const dir = tempDir('fail');
  writeFileSync(join(dir, 'sentinel'), 'keep\n');
  writeFileSync(join(dir, 'haproxy.cfg'), 'old\n');
  writeFileSync(join(dir, 'lb2'), 'a file where a directory is needed\n');
  const before = snapshot(dir);
  const r = writeOutputs(dir, [
    { path: 'haproxy.cfg', text: 'new\n', secret: false },
    { path: 'lb1/haproxy.cfg', text: 'x\n', secret: false },
    { path: 'lb2/haproxy.cfg', text: 'y\n', secret: false },
  ]);
  assert.not.ok(r.ok);
  if (!r.ok) assert.match(r.message, /lb2/);
  assert.equal(snapshot(dir), before);
});

test('refuses paths that leave the output directory, and two files with one path', () => {
  const dir = tempDir('escape');
  mkdirSync(join(dir, 'out'));
  for (const path of ['../evil', '/etc/evil', 'a/../../evil', '']) {
    const r = writeOutputs(join(dir, 'out'), [{ path, text: 'x\n', secret: false }]);
    assert.not.ok(r.ok, path);
  }
  assert.not.ok(writeOutputs(join(dir, 'out'), [{ path: 'a', text: '1', secret: false }, { path: 'a', text: '2', secret: false }]).ok);
  assert.equal(Object.keys(snapshot(dir)), ['out/']);
});

test.run();
