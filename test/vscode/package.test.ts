/**
 * The VS Code extension as it ships, without VS Code (the real editor runs in `npm run test:vscode`): the manifest,
 * the bundle (self-contained: it may require only Node built-ins and `vscode`), the .vsix built by vsce, the grammar
 * (valid, up to date with the schema, regexes JavaScript and Oniguruma read alike, and the right scope on the key
 * tokens of every example), the snippets (each parses as lb), the language configuration, and the extension's pure
 * helpers (source map lookups, stats URL, rule severities).
 */
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, parse } from '../../packages/dsl/src/index.ts';
import { BLOCK_KINDS, SCHEMA } from '../../packages/dsl/src/semantics/schema.ts';
import { COMMAND_LIST } from '../../packages/lsp/src/commands.ts';
import { lbGrammarJson } from '../../packages/vscode/src/grammar/lb-grammar.ts';
import { applyRuleLevels, parseRules } from '../../packages/vscode/src/rule-severity.ts';
import { generatedLinesFor, lineRuns, sourceLocationFor, type MapLocation } from '../../packages/vscode/src/source-map.ts';
import { statsUrlsFromHaproxyCfg, statsUrlsFromResult } from '../../packages/vscode/src/stats-url.ts';
import { UPDATE } from '../helpers/golden.ts';
import { compile as compileRegex, scopeAt, tokenize, type Grammar, type Rule, type Token } from './helpers/textmate.ts';
import { zipEntries } from './helpers/zip.ts';

const root = resolve(import.meta.dirname, '../..');
const ext = join(root, 'packages/vscode');
const read = (path: string) => readFileSync(join(ext, path), 'utf8');
const manifest = JSON.parse(read('package.json'));
const grammarPath = join(ext, 'syntaxes/lb.tmLanguage.json');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.lb')).sort();

// ---------------------------------------------------------------------------------------------------------------
const Manifest = suite('vscode manifest');

Manifest('identifies the extension and the VS Code it needs', () => {
  assert.is(manifest.name, 'lb');
  assert.is(manifest.publisher, 'lb-lang');
  assert.ok(manifest.displayName);
  assert.is(manifest.license, 'MIT');
  assert.match(read('LICENSE'), /MIT License/);
  assert.match(manifest.repository.url, /github\.com\/lb-lang\/lb/);
  assert.is(manifest.engines.vscode, '^1.91.0');
  assert.is(manifest.main, './dist/extension.cjs');
  // Without an explicit onLanguage event this VS Code build never activates the extension (editor-testing.md).
  assert.equal(manifest.activationEvents, ['onLanguage:lb']);
  // vsce refuses @types/vscode newer than engines.vscode: it must not be declared here.
  assert.not.ok(manifest.devDependencies?.['@types/vscode']);
});

Manifest('contributes the language, its grammar, snippets and icon, with files that exist', () => {
  const { languages, grammars, snippets } = manifest.contributes;
  assert.is(languages.length, 1);
  assert.is(languages[0].id, 'lb');
  assert.equal(languages[0].extensions, ['.lb']);
  assert.ok(languages[0].aliases.includes('lb'));
  for (const path of [languages[0].configuration, languages[0].icon.light, languages[0].icon.dark, grammars[0].path, snippets[0].path, manifest.icon]) {
    assert.ok(existsSync(join(ext, path)), `${path} exists`);
  }
  assert.is(grammars[0].language, 'lb');
  assert.is(grammars[0].scopeName, 'source.lb');
  assert.is(snippets[0].language, 'lb');
  const png = readFileSync(join(ext, manifest.icon));
  assert.equal([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'icon is a PNG');
  assert.is(png.readUInt32BE(16), 128, 'icon width');
  assert.is(png.readUInt32BE(20), 128, 'icon height');
});

Manifest('contributes the five commands; the server provides all but lb.openStats', () => {
  const titles = Object.fromEntries(manifest.contributes.commands.map((c: { command: string; category: string; title: string }) => [c.command, `${c.category}: ${c.title}`]));
  assert.equal(titles, {
    'lb.compile': 'lb: Compile',
    'lb.preview': 'lb: Preview to the Side',
    'lb.run': 'lb: Run',
    'lb.stop': 'lb: Stop',
    'lb.openStats': 'lb: Open Stats Page',
  });
  // The language client registers the server's commands; the extension's middleware gives them their UI.
  for (const command of COMMAND_LIST) assert.ok(command in titles, `server command ${command} is contributed`);
  assert.equal(Object.keys(titles).filter((c) => !(COMMAND_LIST as readonly string[]).includes(c)), ['lb.openStats']);
  const src = read('src/extension.ts');
  for (const command of COMMAND_LIST) assert.ok(src.includes(`'${command}'`), `extension handles ${command}`);
  assert.ok(src.includes("registerCommand('lb.openStats'"));
});

Manifest('editor title menus show preview and run on lb files only', () => {
  const titleMenu = manifest.contributes.menus['editor/title'] as { command: string; when: string }[];
  const commands = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
  assert.ok(titleMenu.some((m) => m.command === 'lb.preview'));
  assert.ok(titleMenu.some((m) => m.command === 'lb.run'));
  for (const item of titleMenu) {
    assert.ok(commands.has(item.command), `${item.command} is contributed`);
    assert.match(item.when, /editorLangId == lb/);
  }
});

Manifest('declares the settings', () => {
  const props = manifest.contributes.configuration.properties;
  assert.is(props['lb.haproxyPath'].type, 'string');
  assert.is(props['lb.rules'].type, 'object');
  assert.equal(props['lb.rules'].additionalProperties.enum, ['error', 'warning', 'info', 'hint', 'off']);
  assert.is(props['lb.server.path'].type, 'string');
});

Manifest.run();

// ---------------------------------------------------------------------------------------------------------------
const Bundle = suite('vscode bundle and .vsix');

Bundle.before(() => {
  execFileSync(process.execPath, [join(ext, 'build.mjs')], { stdio: 'inherit', timeout: 120_000 });
});

Bundle('dist/extension.cjs needs only Node built-ins and vscode at run time', () => {
  const bundle = read('dist/extension.cjs');
  const required = new Set([...bundle.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]));
  assert.ok(required.has('vscode'));
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const foreign = [...required].filter((m) => m !== 'vscode' && !builtins.has(m));
  assert.equal(foreign, [], 'no module outside the bundle');
  assert.match(bundle, /activate/);
});

Bundle('the server and the CLI are copied beside it', () => {
  assert.ok(readFileSync(join(ext, 'dist/server.cjs')).equals(readFileSync(join(root, 'packages/lsp/dist/server.cjs'))));
  assert.ok(readFileSync(join(ext, 'dist/lb.cjs')).equals(readFileSync(join(root, 'packages/dsl/dist/lb.cjs'))));
});

Bundle('vsce packs a .vsix with the bundles, grammar, snippets, icon, README and CHANGELOG, and no sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lb-vsix-'));
  try {
    const vsix = join(dir, 'lb.vsix');
    execFileSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix], {
      cwd: ext,
      stdio: 'pipe',
      timeout: 120_000,
    });
    const entries = zipEntries(readFileSync(vsix));
    for (const needed of [
      'extension/package.json', 'extension/dist/extension.cjs', 'extension/dist/server.cjs', 'extension/dist/lb.cjs',
      'extension/syntaxes/lb.tmLanguage.json', 'extension/snippets/lb.json', 'extension/language-configuration.json',
      'extension/images/icon.png', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
    ]) {
      assert.ok(entries.includes(needed), `${needed} in ${JSON.stringify(entries)}`);
    }
    const leaked = entries.filter((e) => /^extension\/(src|scripts|node_modules)\/|\.ts$|build\.mjs$/.test(e));
    assert.equal(leaked, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Bundle.run();

// ---------------------------------------------------------------------------------------------------------------
const GrammarSuite = suite('vscode grammar');
const grammarText = readFileSync(grammarPath, 'utf8');
const grammar = JSON.parse(grammarText) as Grammar;

function allRegexes(): { where: string; source: string }[] {
  const out: { where: string; source: string }[] = [];
  const visit = (rule: Rule, where: string) => {
    for (const key of ['match', 'begin', 'end'] as const) if (rule[key] !== undefined) out.push({ where: `${where}.${key}`, source: rule[key]! });
    rule.patterns?.forEach((p, i) => visit(p, `${where}.patterns[${i}]`));
  };
  grammar.patterns.forEach((p, i) => visit(p, `patterns[${i}]`));
  for (const [name, rule] of Object.entries(grammar.repository)) visit(rule, `repository.${name}`);
  return out;
}

GrammarSuite('is the grammar generated from the schema (UPDATE=1 rewrites it)', () => {
  const generated = lbGrammarJson();
  if (UPDATE) {
    writeFileSync(grammarPath, generated);
    return;
  }
  assert.ok(grammarText === generated, 'syntaxes/lb.tmLanguage.json is stale: run the tests with UPDATE=1');
});

GrammarSuite('every regex compiles in JavaScript and avoids what only Oniguruma has', () => {
  const regexes = allRegexes();
  assert.ok(regexes.length > 30);
  for (const { where, source } of regexes) {
    try {
      compileRegex(source);
    } catch (error) {
      assert.unreachable(`${where}: ${(error as Error).message}`);
    }
    assert.not.match(source, /\\[hHAGzZK]|\(\?>|\(\?[imx]+[:)]|[*+?}]\+/, `${where} uses an Oniguruma-only construct`);
    for (const m of source.matchAll(/\(\?<[=!]((?:\\.|[^()])*)\)/g)) {
      assert.not.match(m[1].replace(/\\./g, 'x').replace(/\[[^\]]*\]/g, 'x'), /[*+?{|]/, `${where}: lookbehind must be fixed-length`);
    }
    const braces = source.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
    assert.is(braces.split('(').length, braces.split(')').length, `${where}: balanced groups`);
  }
  for (const include of grammarText.matchAll(/"include": "#([^"]+)"/g)) assert.ok(grammar.repository[include[1]], `#${include[1]} exists`);
});

/** The scopes of the first token with this text on the first line containing `lineText`. */
function scopesOf(tokens: Token[], source: string, lineText: string, tokenText: string, nth = 0): string[] {
  const lines = source.split('\n');
  const line = lines.findIndex((l) => l.includes(lineText));
  assert.ok(line >= 0, `line with ${lineText}`);
  let from = -1;
  for (let i = 0; i <= nth; i++) from = lines[line].indexOf(tokenText, from + 1);
  assert.ok(from >= 0, `${tokenText} on ${lines[line]}`);
  return scopeAt(tokens, line, from);
}
const innermost = (scopes: string[]) => scopes[scopes.length - 1] ?? '';

GrammarSuite('scopes every block and directive name of the schema', () => {
  for (const kind of BLOCK_KINDS) {
    const tokens = tokenize(grammar, `${kind} name {`);
    assert.is(innermost(scopeAt(tokens, 0, 0)), 'storage.type.block.lb', kind);
    for (const directive of Object.keys(SCHEMA[kind].directives)) {
      const text = `${kind} x {\n  ${directive} arg\n}\n${kind} y { ${directive} 1; ${directive} 2 }`;
      const t = tokenize(grammar, text);
      assert.is(innermost(scopeAt(t, 1, 2)), 'keyword.other.directive.lb', `${kind}.${directive} at the start of a line`);
      const oneLine = text.split('\n')[3];
      assert.is(innermost(scopeAt(t, 3, oneLine.indexOf(directive, oneLine.indexOf('{')))), 'keyword.other.directive.lb', `${kind}.${directive} after {`);
      assert.is(innermost(scopeAt(t, 3, oneLine.lastIndexOf(directive))), 'keyword.other.directive.lb', `${kind}.${directive} after ;`);
    }
  }
});

for (const example of examples) {
  GrammarSuite(`leaves no text of examples/${example} unscoped, and starts every statement right`, () => {
    const source = readFileSync(join(root, 'examples', example), 'utf8');
    const tokens = tokenize(grammar, source);
    for (const t of tokens) {
      if (t.text.trim() === '') continue;
      assert.ok(t.scopes.length > 1, `unscoped ${JSON.stringify(t.text)} on line ${t.line + 1}`);
    }
    const directives = new Set(BLOCK_KINDS.flatMap((k) => Object.keys(SCHEMA[k].directives)));
    source.split('\n').forEach((line, i) => {
      const word = /^\s*([A-Za-z_][\w-]*)/.exec(line);
      if (!word) return;
      const scope = innermost(scopeAt(tokens, i, line.indexOf(word[1])));
      if ((BLOCK_KINDS as readonly string[]).includes(word[1]) && /\{\s*$/.test(line)) assert.is(scope, 'storage.type.block.lb', `line ${i + 1}`);
      else if (directives.has(word[1])) assert.is(scope, 'keyword.other.directive.lb', `line ${i + 1}: ${line}`);
    });
  });
}

GrammarSuite('scopes the key tokens of the examples', () => {
  const case1 = readFileSync(join(root, 'examples/case1-roundrobin.lb'), 'utf8');
  const t1 = tokenize(grammar, case1);
  const expect1: [string, string, string][] = [
    ['# Case 1', '#', 'punctuation.definition.comment.lb'],
    ['# Case 1', 'seed', 'comment.line.number-sign.lb'],
    ['timeout connect', '10s', 'constant.numeric.duration.lb'],
    ['timeout connect', 'connect', 'support.constant.word.lb'],
    ['let app_port', 'let', 'storage.type.let.lb'],
    ['let app_port', 'app_port', 'variable.other.declaration.lb'],
    ['let app_port', '8080', 'constant.numeric.lb'],
    ['backend application_nodes', 'application_nodes', 'entity.name.type.lb'],
    ['balance roundrobin', 'roundrobin', 'support.constant.word.lb'],
    ['for i, w in', 'for', 'keyword.control.lb'],
    ['for i, w in', 'in', 'keyword.control.lb'],
    ['server "server0', '"', 'punctuation.definition.string.begin.lb'],
    ['server "server0', '${', 'punctuation.section.interpolation.begin.lb'],
    ['server "server0', '+', 'keyword.operator.arithmetic.lb'],
    ['server "server0', '127.0.0.1', 'constant.other.ip.lb'],
    ['server "server0', ':', 'keyword.operator.address.lb'],
    ['bind    *:5000', '*:5000', 'constant.other.address.lb'],
    ['bind 127.0.0.1:3000', '127.0.0.1:3000', 'constant.other.address.lb'],
    ['auth someuser', 'secret', 'support.function.builtin.lb'],
    ['auth someuser', 'STATS_PASSWORD', 'string.quoted.double.lb'],
  ];
  for (const [line, token, scope] of expect1) assert.is(innermost(scopesOf(t1, case1, line, token)), scope, `${token} in ${line}`);
  assert.ok(scopesOf(t1, case1, 'server "server0', 'i + 1').includes('meta.interpolation.lb'));

  const case2 = readFileSync(join(root, 'examples/case2-ha-kubernetes.lb'), 'utf8');
  const t2 = tokenize(grammar, case2);
  const expect2: [string, string, string][] = [
    ['interface eth1 10.182.0.11/24', '10.182.0.11/24', 'constant.other.cidr.lb'],
    ['kubernetes v1.28.8', 'v1.28.8', 'constant.other.version.lb'],
    ['for i in 1..3', '..', 'keyword.operator.range.lb'],
    ['node "master${i}"', '10.182.0.1', 'constant.other.ip.lb'],
    ['node "master${i}"', 'control-plane', 'support.constant.word.lb'],
    ['advert    1s', '1s', 'constant.numeric.duration.lb'],
    ['vrrp api', 'api', 'entity.name.type.lb'],
  ];
  for (const [line, token, scope] of expect2) assert.is(innermost(scopesOf(t2, case2, line, token)), scope, `${token} in ${line}`);

  const case3 = readFileSync(join(root, 'examples/case3-node-servers.lb'), 'utf8');
  const t3 = tokenize(grammar, case3);
  assert.is(innermost(scopesOf(t3, case3, 'fn node_backend', 'fn')), 'storage.type.function.lb');
  assert.is(innermost(scopesOf(t3, case3, 'fn node_backend', 'node_backend')), 'entity.name.function.lb');
  assert.is(innermost(scopesOf(t3, case3, 'node_backend("application_nodes"', 'node_backend')), 'entity.name.function.call.lb');
  assert.is(innermost(scopesOf(t3, case3, '  backend name {', 'backend')), 'storage.type.block.lb');
});

GrammarSuite('scopes the literals the language has', () => {
  const cases: [string, string, string][] = [
    ['x [::1]:443', '[::1]:443', 'constant.other.address.lb'],
    ['x :80', ':80', 'constant.other.address.lb'],
    ['x fd00::/64', 'fd00::/64', 'constant.other.cidr.lb'],
    ['x fd00::10', 'fd00::10', 'constant.other.ip.lb'],
    ['x ::1', '::1', 'constant.other.ip.lb'],
    ['x 1m30s', '1m30s', 'constant.numeric.duration.lb'],
    ['x 500ms', '500ms', 'constant.numeric.duration.lb'],
    ['x 64KB', '64KB', 'constant.numeric.size.lb'],
    ['x 1MiB', '1MiB', 'constant.numeric.size.lb'],
    ['x 1.5', '1.5', 'constant.numeric.lb'],
    ['x true', 'true', 'constant.language.boolean.lb'],
    ['x a == b', '==', 'keyword.operator.comparison.lb'],
    ['x a && b', '&&', 'keyword.operator.logical.lb'],
    ['x "a\\$b"', '\\$', 'constant.character.escape.lb'],
    ['x web-1', 'web-1', 'variable.other.lb'],
    ['import "./common.lb"', 'import', 'keyword.control.import.lb'],
    ['# lb-ignore LB2015: reason', 'lb-ignore', 'keyword.other.suppression.lb'],
    ['# lb-ignore LB2015: reason', 'LB2015', 'constant.other.rule-code.lb'],
    ['route api when path prefix "/api"', 'when', 'keyword.operator.word.lb'],
    ['} else if x {', 'else', 'keyword.control.lb'],
  ];
  for (const [text, token, scope] of cases) {
    const tokens = tokenize(grammar, text);
    const t = tokens.find((k) => k.start <= text.indexOf(token) && text.indexOf(token) < k.start + k.text.length);
    assert.is(t?.text, token, `${token} is one token in ${text}`);
    assert.is(innermost(t!.scopes), scope, `${token} in ${text}`);
  }
  // A word is not a number, and a string does not run past its line.
  assert.is(innermost(scopeAt(tokenize(grammar, 'x web1'), 0, 5)), 'variable.other.lb');
  assert.is(innermost(scopeAt(tokenize(grammar, 'x "open\nbackend a {'), 1, 0)), 'storage.type.block.lb');
});

GrammarSuite.run();

// ---------------------------------------------------------------------------------------------------------------
const Editing = suite('vscode snippets and language configuration');

/** A snippet body as inserted with its defaults: `${1:app}` -> app, `${2|a,b|}` -> a, `$0` -> nothing. */
function expandSnippet(body: string[]): string {
  let text = body.join('\n');
  for (let i = 0; i < 5; i++) text = text.replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1');
  return text.replace(/\$\d+/g, '');
}

Editing('offers the eight block snippets, each of which parses as lb', () => {
  const snippets = JSON.parse(read('snippets/lb.json')) as Record<string, { prefix: string; body: string[]; description: string }>;
  assert.equal(Object.keys(snippets).sort(), ['backend', 'cluster', 'defaults', 'frontend', 'host', 'listen', 'stats', 'vrrp']);
  for (const [name, snippet] of Object.entries(snippets)) {
    assert.is(snippet.prefix, name);
    assert.ok(snippet.description);
    const text = expandSnippet(snippet.body);
    assert.not.match(text, /\$\{|\$\d/, `${name}: every placeholder expanded`);
    const parsed = parse(text, `${name}.lb`);
    assert.equal(parsed.diagnostics.map((d) => d.message), [], `${name} parses:\n${text}`);
    assert.ok(text.startsWith(`${name} `), `${name} starts with its block`);
  }
});

Editing('the snippets together make a program lb compiles', () => {
  const snippets = JSON.parse(read('snippets/lb.json')) as Record<string, { body: string[] }>;
  const program = ['defaults', 'backend', 'frontend', 'listen', 'stats'].map((n) => expandSnippet(snippets[n].body)).join('\n');
  const result = compile('/snippets.lb', { fs: { readFile: (p) => (p === '/snippets.lb' ? program : undefined) }, env: { STATS_PASSWORD: 'pw' } });
  assert.ok(result.ok, JSON.stringify(result.diagnostics.map((d) => `${d.code} ${d.message}`)));
  assert.ok(result.outputs.some((o) => o.path === 'haproxy.cfg'));
});

Editing('language configuration: # comments, brackets, quotes, indentation after { and before }', () => {
  const config = JSON.parse(read('language-configuration.json'));
  assert.is(config.comments.lineComment, '#');
  assert.equal(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
  const pairs = config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close);
  for (const pair of ['{}', '[]', '()', '""']) assert.ok(pairs.includes(pair), pair);
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of ['backend app {', '  for i in 1..3 {', 'frontend web { # comment', '} else {']) assert.ok(increase.test(line), `indent after ${line}`);
  for (const line of ['  server a 10.0.0.1:80', 'listen db { mode tcp }', '# {', 'raw "{"']) assert.not.ok(increase.test(line), `no indent after ${line}`);
  for (const line of ['}', '  }', '} else {']) assert.ok(decrease.test(line), `outdent ${line}`);
  assert.not.ok(decrease.test('  server a'));
  const word = new RegExp(`^(?:${config.wordPattern})$`);
  for (const w of ['control-plane', 'web_1', '500ms', '64KB']) assert.ok(word.test(w), w);
});

Editing.run();

// ---------------------------------------------------------------------------------------------------------------
const Helpers = suite('vscode extension helpers');
const loc = (uri: string, start: number, end: number): MapLocation => ({ uri, range: { start: { line: start, character: 0 }, end: { line: end, character: 1 } } });

Helpers('a source line maps to the most specific generated lines', () => {
  const src = 'file:///w/app.lb';
  const map = [null, loc(src, 10, 16), loc(src, 11, 11), loc(src, 10, 16), loc(src, 13, 13), loc(src, 13, 13), null, loc('file:///w/common.lb', 11, 11)];
  const isSrc = (u: string) => u === src;
  assert.equal(generatedLinesFor(map, isSrc, 13, 13), [4, 5], 'the two server lines of a loop');
  assert.equal(generatedLinesFor(map, isSrc, 10, 10), [1, 3], 'the block header maps to the block lines');
  assert.equal(generatedLinesFor(map, isSrc, 12, 12), [1, 3], 'a line without its own output falls back to its block');
  assert.equal(generatedLinesFor(map, isSrc, 11, 11), [2]);
  assert.equal(generatedLinesFor(map, isSrc, 11, 13), [1, 2, 3, 4, 5], 'a selection of several lines: each line by itself');
  assert.equal(generatedLinesFor(map, isSrc, 30, 30), []);
  assert.equal(generatedLinesFor(map, (u) => u.endsWith('common.lb'), 11, 11), [7], 'an imported file');
  assert.equal(lineRuns([5, 1, 2, 3, 8, 9]), [{ start: 1, end: 3 }, { start: 5, end: 5 }, { start: 8, end: 9 }]);
  assert.equal(sourceLocationFor(map, 2), map[2]);
  assert.is(sourceLocationFor(map, 0), undefined);
  assert.is(sourceLocationFor(map, 99), undefined);
});

Helpers('the stats URL comes from the run result, else from the generated haproxy.cfg', () => {
  assert.equal(statsUrlsFromResult({ stats: [{ url: 'http://127.0.0.1:8404/stats' }] }), ['http://127.0.0.1:8404/stats']);
  assert.equal(statsUrlsFromResult({ statsUrl: 'http://127.0.0.1:1/' }), ['http://127.0.0.1:1/']);
  assert.equal(statsUrlsFromResult({ ok: true, message: 'Validated' }), []);
  const path = join(root, 'examples/case1-roundrobin.lb');
  const result = compile(path, { fs: { readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) }, env: {} });
  const cfg = result.outputs.find((o) => o.path === 'haproxy.cfg');
  assert.ok(cfg, 'case 1 compiles');
  assert.equal(statsUrlsFromHaproxyCfg(cfg!.text), ['http://127.0.0.1:3000/']);
  const wildcard = 'frontend web\n    bind *:80\n\nlisten stats\n    bind *:8404\n    stats enable\n\nlisten tls\n    bind [::]:9443 ssl crt /x.pem\n    stats uri /s\n';
  assert.equal(statsUrlsFromHaproxyCfg(wildcard), ['http://127.0.0.1:8404/stats', 'https://[::1]:9443/s']);
});

Helpers('lb.rules: valid entries go to the server; the client only shows "hint" rules the server sent as info', () => {
  const { rules, ignored } = parseRules({ LB2015: 'off', lb2007: 'Error', LB1016: 'information', LB2006: 'hint', LB1003: 'Hint', LB9: 'error', LB3001: 'loud' });
  assert.equal([...rules], [['LB2015', 'off'], ['LB2007', 'error'], ['LB1016', 'info'], ['LB2006', 'hint'], ['LB1003', 'hint']]);
  assert.equal(ignored, ['LB9', 'LB3001']);
  const diagnostics = [
    { code: { value: 'LB2006', target: 'x' }, severity: 2 },
    { code: 'LB2007', severity: 1 },
    { code: 'LB1016', severity: 2 },
    // The server refuses to lower LB1003 (an error that must stay): the client does not lower it either.
    { code: 'LB1003', severity: 0 },
    { severity: 1 },
  ];
  assert.equal(applyRuleLevels(diagnostics, rules).map((d) => [d.code && (typeof d.code === 'string' ? d.code : d.code.value), d.severity]), [
    ['LB2006', 3],
    ['LB2007', 1],
    ['LB1016', 2],
    ['LB1003', 0],
    [undefined, 1],
  ]);
  assert.equal(parseRules(['LB2015']).rules.size, 0);
  assert.equal(parseRules(undefined).rules.size, 0);
});

Helpers.run();
