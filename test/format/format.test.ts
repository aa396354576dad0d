/** Unit tests of `format` and `unifiedDiff` on small inputs: edge cases the golden fixtures do not show. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, unifiedDiff } from '../../packages/dsl/src/format/index.ts';
import { differenceInMeaning } from '../../packages/dsl/src/format/verify.ts';

const fmt = (text: string) => {
  const r = format(text, 'test.lb');
  assert.equal(r.diagnostics, [], `unexpected diagnostics for ${JSON.stringify(text)}`);
  return r.text;
};

test('empty and comment-only files', () => {
  assert.is(fmt(''), '');
  assert.is(fmt('\n\n  \n'), '');
  assert.is(fmt('  # only a comment   '), '# only a comment\n');
  assert.is(fmt('# a\n\n\n\n# b\n'), '# a\n\n# b\n');
});

test('exactly one final newline; CRLF and tabs become LF and spaces', () => {
  assert.is(fmt('global { maxconn 1 }'), 'global { maxconn 1 }\n');
  assert.is(fmt('global { maxconn 1 }\n\n\n'), 'global { maxconn 1 }\n');
  assert.is(fmt('global {\r\n\tmaxconn 1\r\n}\r\n'), 'global {\n  maxconn 1\n}\n');
});

test('`;` becomes a new line in multi-line bodies and `; ` in one-line ones; empty statements vanish', () => {
  assert.is(fmt('a 1;;b 2;\n'), 'a 1\nb 2\n');
  assert.is(fmt('x {a 1;b 2;}\n'), 'x { a 1; b 2 }\n');
  assert.is(fmt('x {\na 1; b 2\n}\n'), 'x {\n  a 1\n  b 2\n}\n');
});

test('a one-line block that would pass 100 columns is expanded; one that fits stays', () => {
  const fits = `backend b { server a 10.0.0.1:80 weight 1; server c 10.0.0.2:80 }\n`;
  assert.is(fmt(fits), fits);
  const long = `backend b { server a 10.0.0.1:80 weight 1 maxconn 100; server c 10.0.0.2:80 weight 2 maxconn 200 backup }\n`;
  assert.ok(long.length > 101);
  assert.is(fmt(long), 'backend b {\n  server a 10.0.0.1:80 weight 1 maxconn 100\n  server c 10.0.0.2:80 weight 2 maxconn 200 backup\n}\n');
  // Exactly 100 columns stays on one line.
  const name = 'x'.repeat(100 - 'backend  { server a 10.0.0.1:80 }'.length);
  const hundred = `backend ${name} { server a 10.0.0.1:80 }`;
  assert.is(hundred.length, 100);
  assert.is(fmt(`${hundred}\n`), `${hundred}\n`);
  assert.is(fmt(`backend ${name}x { server a 10.0.0.1:80 }\n`), `backend ${name}x {\n  server a 10.0.0.1:80\n}\n`);
});

test('long directives are not wrapped (only the author breaks lines, after a comma)', () => {
  const long = `server a 10.0.0.1:80 ${'weight 1 '.repeat(15).trim()}\n`;
  assert.is(fmt(long), long);
});

test('spacing that carries meaning is kept: calls, indexes, addresses, negative arguments', () => {
  assert.is(fmt('x f (a) f(a) xs [0] xs[0] v:80 "${h}" :80 a -1 a - 1\n'), 'x f (a) f(a) xs [0] xs[0] v:80 "${h}" :80 a -1 a - 1\n');
  assert.is(fmt('let a = 1-1\n'), 'let a = 1 - 1\n');
  assert.is(fmt('let a = b -1\n'), 'let a = b - 1\n'); // in a let there is one expression, so this minus is binary
  assert.is(fmt('let a = ( - 1 )\n'), 'let a = (-1)\n');
  assert.is(fmt('let a = x . y\n'), 'let a = x.y\n');
  assert.is(fmt('let r = 1 .. 3\n'), 'let r = 1..3\n');
  assert.is(fmt('bind * : 80\n'), 'bind * : 80\n');
});

test('string literals and other literal tokens are reproduced exactly', () => {
  const text = 'x "a  \\"#\\t ${ 1 +  2 }" 0010 1m30s 64KiB ::1 fd00::/64 [::1]:443 v1.28.8\n';
  assert.is(fmt(text), text);
});

test('trailing comments get one space; own-line comments take the indentation of what follows', () => {
  assert.is(fmt('x {\n      a 1      # why\n# inside\n}\n'), 'x {\n  a 1 # why\n  # inside\n}\n');
  assert.is(fmt('x { # open\n}\n'), 'x { # open\n}\n');
  assert.is(fmt('x {} # after\n'), 'x {} # after\n');
});

test('`else` joins the closing brace of its if', () => {
  assert.is(fmt('if a {\nb 1\n}\n\n  else   {\nc 1\n}\n'), 'if a {\n  b 1\n} else {\n  c 1\n}\n');
});

test('files with syntax errors are returned unchanged with their diagnostics', () => {
  const bad = 'backend app {\n   server a 10.0.0.1:80\n';
  const r = format(bad, 'bad.lb');
  assert.is(r.text, bad);
  assert.is(r.changed, false);
  assert.ok(r.diagnostics.some((d) => d.code === 'LB0002' && d.span.file === 'bad.lb'));
});

test('never throws: absurd nesting and junk come back as diagnostics', () => {
  const deep = `${'x {'.repeat(3000)}${'}'.repeat(3000)}`;
  const r = format(deep, 'deep.lb');
  assert.type(r.text, 'string');
  const junk = format('\u0000\u0001 }}} {{{ ( [ "', 'junk.lb');
  assert.is(junk.changed, false);
  assert.ok(junk.diagnostics.length > 0);
});

test('the safety net notices a change of meaning or of comments', () => {
  assert.is(differenceInMeaning('x a -1\n', 'x a - 1\n', 't.lb'), 'the formatted text parses differently');
  assert.is(differenceInMeaning('x 1 # c\n', 'x 1\n', 't.lb'), 'the formatted text has different comments');
  assert.is(differenceInMeaning('x 1\n', 'x {\n', 't.lb'), 'the formatted text does not parse');
  assert.is(differenceInMeaning('x   1 # c\n', 'x 1 # c\n', 't.lb'), undefined);
});

test('unifiedDiff: empty for equal texts; hunks with 3 lines of context; missing final newline marked', () => {
  assert.is(unifiedDiff('a\n', 'a\n', 'x', 'y'), '');
  // As diff -u: changes 7 unchanged lines apart make two hunks (6 apart would make one).
  const before = 'l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n';
  const after = 'l1\nL2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nL10\n';
  assert.is(
    unifiedDiff(before, after, 'x', 'y'),
    '--- x\n+++ y\n@@ -1,5 +1,5 @@\n l1\n-l2\n+L2\n l3\n l4\n l5\n@@ -7,4 +7,4 @@\n l7\n l8\n l9\n-l10\n+L10\n',
  );
  assert.is(unifiedDiff('a\nb', 'a\nb\n', 'x', 'y'), '--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
  assert.is(unifiedDiff('', 'a\n', 'x', 'y'), '--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n');
});

test('unifiedDiff agrees with patch on every golden pair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-diff-'));
  const root = join(import.meta.dirname, '../fixtures/format');
  for (const name of ['comments', 'continuation', 'one-line-blocks', 'whitespace-edges', 'blank-lines']) {
    const input = readFileSync(join(root, name, 'input.lb'), 'utf8');
    const expected = readFileSync(join(root, name, 'expected.lb'), 'utf8');
    const file = join(dir, `${name}.lb`);
    writeFileSync(file, input);
    const p = spawnSync('patch', ['-s', file], { input: unifiedDiff(input, expected, 'a', 'b'), encoding: 'utf8' });
    assert.is(p.status, 0, `${name}: ${p.stderr}${p.stdout}`);
    assert.is(readFileSync(file, 'utf8'), expected, name);
  }
  rmSync(dir, { recursive: true });
});

test('docs/formatting.md: each "before" block formats to the "after" block that follows it; the others are formatted', () => {
  const md = readFileSync(join(import.meta.dirname, '../../docs/formatting.md'), 'utf8');
  const blocks = [...md.matchAll(/```lb\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.is(blocks.length, 6);
  assert.is(fmt(blocks[0]), blocks[1]);
  assert.is(fmt(blocks[4]), blocks[5]);
  for (const i of [1, 2, 3, 5]) assert.is(fmt(blocks[i]), blocks[i], `block ${i + 1} is not formatted`);
});

test.run();
