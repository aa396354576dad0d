/**
 * importsOf: the line scan that reads a file's literal imports. It must agree with the parser (the reference) on
 * every fixture, and get strings, comments and interpolations right without parsing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, resolveRelative } from '../../packages/dsl/src/index.ts';
import { importsOf } from '../../packages/lsp/src/import-graph.ts';
import { allItems, plainString } from '../../packages/lsp/src/syntax-walk.ts';

const scan = suite('scan imports');
const FILE = '/ws/site.lb';

function byParser(text: string, path: string): { imports: string[]; clean: boolean } {
  const parsed = parse(text, path);
  const imports: string[] = [];
  for (const item of allItems(parsed.ast.items)) {
    if (item.kind !== 'Import') continue;
    const spec = plainString(item.path);
    if (spec === undefined || spec === '') continue;
    const target = resolveRelative(path, spec);
    if (!imports.includes(target)) imports.push(target);
  }
  return { imports, clean: !parsed.diagnostics.some((d) => d.severity === 'error') };
}

function lbFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? lbFiles(path) : name.endsWith('.lb') ? [path] : [];
  });
}

scan('agrees with the parser on every fixture that parses cleanly', () => {
  const root = resolve(import.meta.dirname, '../fixtures');
  let compared = 0;
  let withImports = 0;
  for (const path of lbFiles(root)) {
    const text = readFileSync(path, 'utf8');
    const reference = byParser(text, path);
    if (!reference.clean) continue;
    compared++;
    if (reference.imports.length > 0) withImports++;
    assert.equal(importsOf(text, path), reference.imports, path);
  }
  assert.ok(compared > 50, `only ${compared} fixtures compared`);
  assert.ok(withImports >= 3, `only ${withImports} fixtures with imports`);
});

scan('agrees with the parser on tricky text', () => {
  const cases = [
    'import "./a.lb"\nimport "b.lb"; import "../c.lb"',
    'import "./a.lb"\nimport "./a.lb"',
    '# import "./commented.lb"\nimport "./real.lb" # import "./trailing.lb"',
    'let s = "import \\"./in-string.lb\\""\nimport "./after.lb"',
    'let s = "${ "import" } import \\"./x.lb\\""\nimport "./y.lb"',
    'let my-import = 1\nlet importer = "./no.lb"\nimport_x "./no2.lb"',
    'if env("X", "") == "1" {\n  import "./branch.lb"\n}\nfn f() {\n  import "./fn.lb"\n}',
    'import "./with\\"quote.lb"\nimport "./tab\\tx.lb"',
    'let d = "."\nimport "${d}/computed.lb"\nimport "./plain.lb"',
    'import\t"./tabbed.lb"\r\nimport "./crlf.lb"\r\n',
    '',
    'import',
    'import ""',
  ];
  for (const text of cases) assert.equal(importsOf(text, FILE), byParser(text, FILE).imports, JSON.stringify(text));
});

scan('keeps the imports of a half-typed file the parser gives up on', () => {
  const text = 'import "./common.lb"\nbackend app {\n  server a1 127.0.0.1:\nfrontend {\nimport "./more.lb"\n';
  assert.equal(importsOf(text, FILE), ['/ws/common.lb', '/ws/more.lb']);
});

scan('an unterminated string hides the rest of its line only', () => {
  const text = 'let s = "open import "./no.lb"\nimport "./yes.lb"\nimport "./unclosed.lb\n';
  assert.equal(importsOf(text, FILE), ['/ws/yes.lb']);
});

scan('paths resolve against the importing file, relative or absolute', () => {
  assert.equal(importsOf('import "lib/../x.lb"\nimport "/abs/y.lb"\nimport "../up.lb"', '/ws/sub/site.lb'), [
    '/ws/sub/x.lb',
    '/abs/y.lb',
    '/ws/up.lb',
  ]);
});

scan('is fast on a large file', () => {
  const big = 'backend b { server s 127.0.0.1:80 }  # important\n'.repeat(20_000) + 'import "./last.lb"\n';
  const started = performance.now();
  const found = importsOf(big, FILE);
  const elapsed = performance.now() - started;
  assert.equal(found, ['/ws/last.lb']);
  assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
});

scan.run();
