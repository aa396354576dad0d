/**
 * `lb fmt` through runFmt with a fake io and real temporary files: print, --check, --write, directories, exit
 * codes, files with syntax errors, atomic rewrites that keep the mode, and diffs that `patch` applies.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFmt } from '../../packages/dsl/src/cli/fmt-command.ts';
import type { CliIo } from '../../packages/dsl/src/cli/io.ts';
import { format } from '../../packages/dsl/src/format/index.ts';

const FORMATTED = 'backend app {\n  balance roundrobin\n  server  a 10.0.0.1:80\n}\n';
const MESSY = 'backend   app{\n balance roundrobin\n        server a 10.0.0.1:80 }\n';
const BROKEN = 'backend app {\n  server a 10.0.0.1:80 ´\n}\n';

function fakeIo() {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    env: {},
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    version: 'test',
  };
  return { io, out };
}

function run(argv: string[]) {
  const { io, out } = fakeIo();
  const code = runFmt(argv, io);
  return { code, ...out };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lb-fmt-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('FILE: prints the formatted text, changes nothing', () => {
  const dir = workspace({ 'a.lb': MESSY });
  const r = run([join(dir, 'a.lb')]);
  assert.is(r.code, 0);
  assert.is(r.stdout, FORMATTED);
  assert.is(r.stderr, '');
  assert.is(readFileSync(join(dir, 'a.lb'), 'utf8'), MESSY);
  rmSync(dir, { recursive: true });
});

test('--check: exit 0 and silent when everything is formatted', () => {
  const dir = workspace({ 'a.lb': FORMATTED, 'sub/b.lb': FORMATTED });
  const r = run(['--check', dir]);
  assert.is(r.code, 0);
  assert.is(r.stdout, '');
  assert.is(r.stderr, '');
  rmSync(dir, { recursive: true });
});

test('--check: exit 1, a unified diff per unformatted file, the files listed, nothing written', () => {
  const dir = workspace({ 'a.lb': FORMATTED, 'b.lb': MESSY, 'c.lb': MESSY });
  const r = run(['--check', dir]);
  assert.is(r.code, 1);
  const b = join(dir, 'b.lb');
  assert.ok(r.stdout.startsWith(`--- ${b}\t(original)\n+++ ${b}\t(formatted)\n@@ -1,3 +1,4 @@\n`), r.stdout);
  assert.match(r.stdout, /\n-backend   app\{\n/);
  assert.match(r.stdout, /\n\+backend app \{\n/);
  assert.not.match(r.stdout, /a\.lb/);
  assert.match(r.stderr, /2 files are not formatted: .*b\.lb, .*c\.lb/);
  assert.is(readFileSync(b, 'utf8'), MESSY);
  rmSync(dir, { recursive: true });
});

test('--check: the diff applies with patch and yields the formatted file', () => {
  const dir = workspace({ 'x.lb': readFileSync(join(import.meta.dirname, '../fixtures/format/comments/input.lb'), 'utf8') });
  const r = run(['--check', join(dir, 'x.lb')]);
  assert.is(r.code, 1);
  const p = spawnSync('patch', ['-s', join(dir, 'x.lb')], { input: r.stdout, encoding: 'utf8' });
  assert.is(p.status, 0, p.stderr + p.stdout);
  const patched = readFileSync(join(dir, 'x.lb'), 'utf8');
  assert.is(patched, format(patched, 'x.lb').text);
  assert.is(format(patched, 'x.lb').changed, false);
  rmSync(dir, { recursive: true });
});

test('--write: rewrites only unformatted files, atomically, keeping the mode; then --check passes', () => {
  const dir = workspace({ 'a.lb': FORMATTED, 'b.lb': MESSY });
  chmodSync(join(dir, 'b.lb'), 0o640);
  const inodeA = statSync(join(dir, 'a.lb')).ino;
  const r = run(['--write', dir]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, `${join(dir, 'b.lb')}\n`);
  assert.is(readFileSync(join(dir, 'b.lb'), 'utf8'), FORMATTED);
  assert.is(statSync(join(dir, 'b.lb')).mode & 0o777, 0o640);
  assert.is(statSync(join(dir, 'a.lb')).ino, inodeA, 'a formatted file is not rewritten');
  assert.equal(readdirSync(dir).sort(), ['a.lb', 'b.lb'], 'no temporary file is left behind');
  assert.is(run(['--check', dir]).code, 0);
  rmSync(dir, { recursive: true });
});

test('--write keeps a byte-order mark', () => {
  const dir = workspace({ 'a.lb': `\uFEFF${MESSY}` });
  assert.is(run(['--write', join(dir, 'a.lb')]).code, 0);
  assert.is(readFileSync(join(dir, 'a.lb'), 'utf8'), `\uFEFF${FORMATTED}`);
  rmSync(dir, { recursive: true });
});

test('a file with syntax errors is never formatted: its errors are reported, exit 2', () => {
  const dir = workspace({ 'bad.lb': BROKEN, 'messy.lb': MESSY });
  const check = run(['--check', dir]);
  assert.is(check.code, 2);
  assert.match(check.stderr, /LB0001/);
  assert.match(check.stderr, /bad\.lb' not formatted/);
  assert.match(check.stdout, /messy\.lb/, 'the other files are still checked');

  const write = run(['--write', dir]);
  assert.is(write.code, 2);
  assert.is(readFileSync(join(dir, 'bad.lb'), 'utf8'), BROKEN);
  assert.is(readFileSync(join(dir, 'messy.lb'), 'utf8'), FORMATTED, 'the other files are still written');

  const print = run([join(dir, 'bad.lb')]);
  assert.is(print.code, 2);
  assert.is(print.stdout, '');
  rmSync(dir, { recursive: true });
});

test('directories: every *.lb below, sorted, skipping node_modules and dot directories', () => {
  const dir = workspace({
    'z.lb': MESSY,
    'a/b.lb': MESSY,
    'node_modules/m.lb': MESSY,
    '.hidden/h.lb': MESSY,
    'notes.txt': 'not lb',
  });
  const r = run(['--check', dir]);
  assert.is(r.code, 1);
  const files = [...r.stdout.matchAll(/^--- (.*)\t\(original\)$/gm)].map((m) => m[1]);
  assert.equal(files, [join(dir, 'a/b.lb'), join(dir, 'z.lb')]);
  rmSync(dir, { recursive: true });
});

test('usage errors and unreadable inputs exit 2', () => {
  const dir = workspace({ 'a.lb': FORMATTED, 'b.lb': FORMATTED });
  assert.is(run([]).code, 2);
  assert.is(run(['--check', '--write', dir]).code, 2);
  assert.match(run(['--frobnicate', dir]).stderr, /unknown option '--frobnicate'/);
  const two = run([join(dir, 'a.lb'), join(dir, 'b.lb')]);
  assert.is(two.code, 2);
  assert.match(two.stderr, /prints one file/);
  const missing = run(['--check', join(dir, 'nope.lb')]);
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.lb/);
  const help = run(['--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /Usage: lb fmt/);
  rmSync(dir, { recursive: true });
});

test('the examples pass --check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-fmt-'));
  cpSync(join(import.meta.dirname, '../../examples'), dir, { recursive: true });
  const r = run(['--check', dir]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  rmSync(dir, { recursive: true });
});

test.run();
