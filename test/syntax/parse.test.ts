/** Targeted checks of the syntax phase: shapes the evaluator relies on, error recovery, examples, robustness, speed. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Directive, Expr, Item } from '../../packages/dsl/src/syntax/ast.ts';
import { parse } from '../../packages/dsl/src/syntax/index.ts';

/** A short S-expression of an expression, to compare shapes without spans. */
function show(e: Expr | string): string {
  if (typeof e === 'string') return JSON.stringify(e);
  switch (e.kind) {
    case 'Ident':
      return e.name;
    case 'Number':
    case 'Bool':
      return String(e.value);
    case 'String':
      return `str(${e.parts.map(show).join(' ')})`;
    case 'Duration':
    case 'Size':
    case 'Ip':
    case 'Cidr':
    case 'Version':
      return `${e.kind.toLowerCase()}:${e.text}`;
    case 'Address':
      return `addr:${e.host}|${e.port}`;
    case 'Binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'Unary':
      return `(${e.op}${show(e.operand)})`;
    case 'Range':
      return `(${show(e.from)}..${show(e.to)})`;
    case 'AddressOf':
      return `(${show(e.host)}:${show(e.port)})`;
    case 'Call':
      return `${e.callee.name}(${e.args.map(show).join(', ')})`;
    case 'Member':
      return `${show(e.object)}.${e.property.name}`;
    case 'Index':
      return `${show(e.object)}[${show(e.index)}]`;
    case 'List':
      return `[${e.items.map(show).join(', ')}]`;
    case 'Error':
      return 'ERROR';
  }
}

function groupsOf(text: string): string[][] {
  const { ast, diagnostics } = parse(text, 't.lb');
  assert.equal(diagnostics, [], `unexpected diagnostics for ${text}`);
  const d = ast.items[0] as Directive;
  assert.is(d.kind, 'Directive');
  return d.groups.map((g) => g.map(show));
}

function letValue(expr: string): string {
  const { ast, diagnostics } = parse(`let v = ${expr}`, 't.lb');
  assert.equal(diagnostics, [], `unexpected diagnostics for ${expr}`);
  const item = ast.items[0];
  assert.is(item.kind, 'Let');
  return show((item as Extract<Item, { kind: 'Let' }>).value);
}

const shapes = suite('syntax shapes');

shapes('directive arguments are juxtaposed and grouped by commas', () => {
  assert.equal(groupsOf('members lb1 priority 150, lb2 priority 100'), [
    ['lb1', 'priority', '150'],
    ['lb2', 'priority', '100'],
  ]);
  assert.equal(groupsOf('server app1 127.0.0.1:8080 weight 4'), [['app1', 'addr:127.0.0.1|8080', 'weight', '4']]);
  assert.equal(groupsOf('node "m${i}" 10.182.0.1 + i roles control-plane, etcd'), [
    ['str("m" i)', '(ip:10.182.0.1 + i)', 'roles', 'control-plane'],
    ['etcd'],
  ]);
  assert.equal(groupsOf('x weight 4 backup'), [['weight', '4', 'backup']]);
});

shapes('minus: binary with spaces, unary at the start of an argument, part of identifiers', () => {
  assert.equal(groupsOf('x a - 1'), [['(a - 1)']]);
  assert.equal(groupsOf('x a -1'), [['a', '(-1)']]);
  assert.equal(groupsOf('x -1 control-plane'), [['(-1)', 'control-plane']]);
  assert.is(letValue('a -1'), '(a - 1)');
});

shapes('calls need an adjacent parenthesis; indexes an adjacent bracket', () => {
  assert.equal(groupsOf('x f(1) f (1) xs[0] xs [0]'), [['f(1)', 'f', '1', 'xs[0]', 'xs', '[0]']]);
});

shapes('address construction binds tighter than arithmetic', () => {
  assert.is(letValue('127.0.0.1:app_port + i'), '((ip:127.0.0.1:app_port) + i)');
  assert.is(letValue('vip:8443'), '(vip:8443)');
  assert.is(letValue('*:port'), '(*:port)');
  assert.equal(groupsOf('bind *:80, :80, [::1]:443, *:8000..8010'), [['addr:*|80'], ['addr:*|80'], ['addr:::1|443'], ['(addr:*|8000..8010)']]);
});

shapes('operator precedence', () => {
  assert.is(letValue('1 + 2 * 3'), '(1 + (2 * 3))');
  assert.is(letValue('a || b && c'), '(a || (b && c))');
  assert.is(letValue('a == 1 + 1 && !b'), '((a == (1 + 1)) && (!b))');
  assert.is(letValue('1..2 + 3'), '(1..(2 + 3))');
  assert.is(letValue('-x * 2'), '((-x) * 2)');
  assert.is(letValue('(1 + 2) * 3'), '((1 + 2) * 3)');
  assert.is(letValue('xs.len[0]'), 'xs.len[0]');
  assert.is(letValue('10 - 4 - 3'), '((10 - 4) - 3)');
});

shapes('literals', () => {
  assert.equal(groupsOf('x 500ms 1m30s 64KB 1MiB 1MB 1m v1.28.8 true 1.5 10.0.0.0/24 fd00::/64 ::1 fd00::10'), [
    [
      'duration:500ms',
      'duration:1m30s',
      'size:64KB',
      'size:1MiB',
      'size:1MB',
      'duration:1m',
      'version:v1.28.8',
      'true',
      '1.5',
      'cidr:10.0.0.0/24',
      'cidr:fd00::/64',
      'ip:::1',
      'ip:fd00::10',
    ],
  ]);
  const { ast } = parse('x 1m30s 1MiB', 't.lb');
  const [d, s] = (ast.items[0] as Directive).groups[0];
  assert.equal([d.kind === 'Duration' && d.ms, s.kind === 'Size' && s.bytes], [90_000, 1024 * 1024]);
});

shapes('reserved words only as whole words', () => {
  assert.equal(groupsOf('format iff lettuce in-place'), [['iff', 'lettuce', 'in-place']]);
  assert.is((parse('format x', 't.lb').ast.items[0] as Directive).keyword.name, 'format');
});

shapes('string escapes and nested interpolation, with real offsets', () => {
  const text = 'x "a\\"b\\$c${f("y${z}")}"';
  const { ast, diagnostics } = parse(text, 't.lb');
  assert.equal(diagnostics, []);
  const str = (ast.items[0] as Directive).groups[0][0];
  assert.is(show(str), 'str("a\\"b$c" f(str("y" z)))');
  if (str.kind !== 'String' || typeof str.parts[1] === 'string' || str.parts[1].kind !== 'Call') throw new Error('shape');
  const call = str.parts[1];
  assert.is(text.slice(call.span.start, call.span.end), 'f("y${z}")');
  const inner = call.args[0];
  if (inner.kind !== 'String' || typeof inner.parts[1] === 'string') throw new Error('shape');
  assert.is(text.slice(inner.parts[1].span.start, inner.parts[1].span.end), 'z');
});

shapes('every node span covers its own text', () => {
  const text = readFileSync(resolve(import.meta.dirname, '../../examples/case1-roundrobin.lb'), 'utf8');
  const { ast } = parse(text, 'case1.lb');
  const idents: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const n = v as { kind?: string; name?: string; span?: { start: number; end: number } };
    if (n.kind === 'Ident' && n.span) idents.push(`${n.name}=${text.slice(n.span.start, n.span.end)}`);
    Object.values(v).forEach(walk);
  };
  walk(ast);
  assert.ok(idents.length > 10);
  for (const pair of idents) {
    const [name, written] = pair.split('=');
    assert.is(written, name);
  }
});

shapes('one-line blocks, continuation lines, else on the next line', () => {
  const { ast, diagnostics } = parse('listen m { mode tcp; bind :1 }\nt a 1,\n  b 2\nif x { a }\nelse { b }', 't.lb');
  assert.equal(diagnostics, []);
  assert.equal(
    ast.items.map((i) => i.kind),
    ['Block', 'Directive', 'If'],
  );
  assert.is((ast.items[0] as Extract<Item, { kind: 'Block' }>).body.length, 2);
  assert.is((ast.items[1] as Directive).groups.length, 2);
  assert.ok(Array.isArray((ast.items[2] as Extract<Item, { kind: 'If' }>).else));
});

shapes.run();

const errors = suite('syntax errors and recovery');

errors('three broken lines in three blocks: three errors, every valid item kept', () => {
  const text = [
    'backend app {',
    '  balance roundrobin',
    '  server a 1.2.3.4:80 weight (',
    '  server b 1.2.3.4:81',
    '}',
    'frontend web {',
    '  bind *:80 weight (1 + )',
    '  default app',
    '}',
    'vrrp api {',
    '  let = 5',
    '  router-id 51',
    '}',
    'let ok = 1',
  ].join('\n');
  const { ast, diagnostics } = parse(text, 't.lb');
  assert.is(diagnostics.length, 3, JSON.stringify(diagnostics));
  assert.ok(diagnostics.every((d) => d.code === 'LB0002'));
  const lines = diagnostics.map((d) => text.slice(0, d.span.start).split('\n').length);
  assert.equal(lines, [3, 7, 11]);
  assert.equal(
    ast.items.map((i) => (i.kind === 'Block' ? `${i.keyword.name}:${i.body.map((b) => (b.kind === 'Directive' ? b.keyword.name : b.kind)).join(',')}` : i.kind)),
    ['backend:balance,server,server', 'frontend:bind,default', 'vrrp:router-id', 'Let'],
  );
  // The broken directive keeps what was read, with an ErrorExpr for the rest.
  const server = (ast.items[0] as Extract<Item, { kind: 'Block' }>).body[1] as Directive;
  assert.equal(server.groups[0].map(show), ['a', 'addr:1.2.3.4|80', 'weight', 'ERROR']);
});

errors('unclosed block names the block and its line; the next block survives', () => {
  const { ast, diagnostics } = parse('backend app {\n  server a 1.2.3.4:80\n\nfrontend web {\n  bind *:80\n}\n', 't.lb');
  assert.is(diagnostics.length, 1);
  assert.is(diagnostics[0].message, "expected '}' to close the 'backend' block opened at line 1");
  assert.ok(diagnostics[0].related?.length === 1);
  assert.equal(
    ast.items.map((i) => (i.kind === 'Block' ? i.keyword.name : i.kind)),
    ['backend', 'frontend'],
  );
});

errors('codes: bad character, unterminated string, interpolation, malformed literal', () => {
  const codes = (t: string) => parse(t, 't.lb').diagnostics.map((d) => d.code);
  assert.equal(codes('x a @@@ b'), ['LB0001']);
  assert.equal(codes('x "abc\ny 1'), ['LB0003']);
  assert.equal(codes('x "${}"'), ['LB0004']);
  assert.equal(codes('x "${1 +}"'), ['LB0004']);
  assert.equal(codes('x 256.1.1.1'), ['LB0005']);
  assert.equal(codes('x 1.2.3.4:65536'), ['LB0005']);
  assert.equal(codes('x 10.0.0.0/33'), ['LB0005']);
  assert.equal(codes('x 10.0.0.0/32 1.2.3.4:65535'), []);
});

errors.run();

const corpus = suite('syntax corpus');
const examplesDir = resolve(import.meta.dirname, '../../examples');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.lb'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(examplesDir, f), 'utf8') }));

corpus('the examples parse with zero diagnostics', () => {
  assert.ok(examples.length >= 3);
  for (const { name, text } of examples) {
    const { ast, diagnostics } = parse(text, name);
    assert.equal(diagnostics, [], name);
    assert.ok(ast.items.length > 3, name);
  }
});

function allSpans(value: unknown, out: { start: number; end: number }[] = []): { start: number; end: number }[] {
  if (Array.isArray(value)) value.forEach((v) => allSpans(v, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'span' || k === 'bodySpan') out.push(v as { start: number; end: number });
      else allSpans(v, out);
    }
  }
  return out;
}

/** Deterministic PRNG so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

corpus('parse never throws and keeps diagnostic spans inside the text (2,000 random inputs)', () => {
  const random = rng(42);
  const alphabet = 'abcxyz019 \n\t{}()[],;.:=+-*/%!<>&|"$\\#@~_vKMBsm';
  const pick = (s: string) => s[Math.floor(random() * s.length)];
  const inputs: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const len = Math.floor(random() * 80);
    let s = '';
    for (let j = 0; j < len; j++) s += pick(alphabet);
    inputs.push(s);
  }
  for (let i = 0; i < 1000; i++) {
    let s = examples[i % examples.length].text;
    const edits = 1 + Math.floor(random() * 5);
    for (let k = 0; k < edits; k++) {
      const at = Math.floor(random() * (s.length + 1));
      const op = random();
      if (op < 0.33) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(random() * 5));
      else if (op < 0.66) s = s.slice(0, at) + pick(alphabet) + s.slice(at);
      else s = s.slice(0, at) + s.slice(at, at + 10) + s.slice(at);
    }
    inputs.push(s);
  }
  for (const text of inputs) {
    let result;
    try {
      result = parse(text, 'fuzz.lb');
    } catch (e) {
      assert.unreachable(`parse threw ${String(e)} on ${JSON.stringify(text)}`);
      return;
    }
    for (const span of allSpans(result.ast)) {
      assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `AST span out of range on ${JSON.stringify(text)}`);
    }
    for (const d of result.diagnostics) {
      assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `span out of range on ${JSON.stringify(text)}`);
      assert.ok(/^LB000[1-5]$/.test(d.code));
      assert.not.ok(d.message.includes('internal parser error'), `${d.message} on ${JSON.stringify(text)}`);
    }
  }
});

corpus('a generated 10,000-line file parses quickly (time printed, not asserted)', () => {
  const lines: string[] = [];
  for (let i = 0; lines.length < 10_000; i++) {
    lines.push(`backend b${i} {`, `  balance roundrobin`, `  server s${i} 10.0.${i % 250}.1:${8000 + (i % 1000)} weight ${i % 10} backup`);
    lines.push(`  for j, p in [1, 2, 3] { server "x\${j}" 127.0.0.1:base + p }`, `}`, `let v${i} = ${i} * 2 + 1`);
  }
  const text = lines.join('\n');
  const start = performance.now();
  const { ast, diagnostics } = parse(text, 'big.lb');
  const ms = performance.now() - start;
  console.log(`    parsed ${lines.length} lines (${text.length} chars) in ${ms.toFixed(0)} ms`);
  assert.equal(diagnostics, []);
  assert.ok(ast.items.length > 3000);
});

corpus.run();
