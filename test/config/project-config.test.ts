import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../packages/dsl/src/api/compile.ts';
import { memoryFileSystem } from '../../packages/dsl/src/api/host.ts';
import { candidatePaths, findProjectConfig, parseProjectConfig } from '../../packages/dsl/src/config/index.ts';
import { DEFAULTS, lineOf, only, run, spanText, where } from './helpers.ts';

// LB2007 on line 5 (server without health check), LB2015 on line 6 (unused backend).
const PROGRAM = `${DEFAULTS}backend app { server a1 127.0.0.1:8080 nocheck }\nbackend spare { server s1 127.0.0.1:8081 }\nfrontend web { bind 127.0.0.1:8000; default app }\n`;
const rules = (r: Record<string, string>) => JSON.stringify({ rules: r });

test('baseline: LB2007 and LB2015 are warnings', () => {
  const r = run({ 'input.lb': PROGRAM });
  assert.equal(r.diagnostics.map((d) => `${d.code}:${d.severity}`), ['LB2007:warning', 'LB2015:warning']);
});

test('a severity override changes the severity, and an error then blocks compile', () => {
  const files = { 'input.lb': PROGRAM, 'lb.json': rules({ LB2015: 'error', LB2007: 'info' }) };
  const r = run(files);
  assert.equal(r.diagnostics.map((d) => `${d.code}:${d.severity}`), ['LB2007:info', 'LB2015:error']);
  const compiled = compile('input.lb', { fs: memoryFileSystem(files), env: {} });
  assert.not.ok(compiled.ok);
  assert.equal(compiled.outputs, []);
});

test('"off" removes a rule and counts it as suppressed', () => {
  const r = run({ 'input.lb': PROGRAM, 'lb.json': rules({ LB2015: 'off' }) });
  assert.equal(where(r), ['LB2007@5']);
  assert.is(r.suppressed, 1);
});

test('lb.json is found by walking up from the file, and the nearest one wins', () => {
  const files = {
    'proj/sub/deep/input.lb': PROGRAM,
    'proj/lb.json': rules({ LB2007: 'off' }),
    'lb.json': rules({ LB2015: 'off' }),
  };
  const r = run(files, 'proj/sub/deep/input.lb');
  assert.equal(where(r), ['LB2015@6']);
  assert.ok(r.files.has('proj/lb.json'), 'the config read is among the files');
  const nearer = run({ ...files, 'proj/sub/lb.json': rules({ LB2015: 'off' }) }, 'proj/sub/deep/input.lb');
  assert.equal(where(nearer), ['LB2007@5'], 'proj/sub/lb.json is nearer; proj/lb.json no longer applies');
});

test('absolute paths walk up to the root', () => {
  assert.equal(candidatePaths('/a/b/x.lb'), ['/a/b/lb.json', '/a/lb.json', '/lb.json']);
  const r = run({ '/a/b/x.lb': PROGRAM, '/lb.json': rules({ LB2007: 'off' }) }, '/a/b/x.lb');
  assert.equal(where(r), ['LB2015@6']);
});

test('relative paths stop at the current directory unless cwd says what is above it', () => {
  assert.equal(candidatePaths('a/x.lb'), ['a/lb.json', 'lb.json']);
  assert.equal(candidatePaths('x.lb', '/home/me'), ['lb.json', '../lb.json', '../../lb.json']);
  assert.equal(candidatePaths('../x.lb', '/home/me'), ['../lb.json', '../../lb.json']);
  const fs = memoryFileSystem({ '../lb.json': '{}' });
  assert.is(findProjectConfig('x.lb', fs), undefined);
  assert.equal(findProjectConfig('x.lb', fs, '/home/me'), { path: '../lb.json', text: '{}' });
});

test('an explicit config overrides discovery', () => {
  const r = run({ 'input.lb': PROGRAM, 'lb.json': rules({ LB2015: 'off' }) }, 'input.lb', {
    config: { rules: new Map([['LB2007', 'off']]) },
  });
  assert.equal(where(r), ['LB2015@6']);
  assert.not.ok(r.files.has('lb.json'));
});

test('an explicit config cannot lower a locked rule either', () => {
  const r = run({ 'input.lb': 'frontend web { bind 127.0.0.1:8000; default nope }\n' }, 'input.lb', {
    config: { rules: new Map([['LB1003', 'off']]) },
  });
  assert.ok(only(r, 'LB1003').length > 0);
});

test('settings apply to suppression findings too', () => {
  const text = '# lb-ignore LB2006: no privileged port\n' + PROGRAM;
  assert.equal(only(run({ 'input.lb': text }), 'LB1024').length, 1);
  assert.equal(only(run({ 'input.lb': text, 'lb.json': rules({ LB1024: 'off' }) }), 'LB1024'), []);
});

test('a suppression of a rule that lb.json turns off still counts as used', () => {
  const r = run({ 'input.lb': PROGRAM.replace('backend spare', '# lb-ignore LB2015: kept for failover drills\nbackend spare'), 'lb.json': rules({ LB2015: 'off' }) });
  assert.equal(where(r), ['LB2007@5']);
  assert.is(r.suppressed, 1);
});

test('invalid settings are reported at the key or value in lb.json, and the valid ones still apply', () => {
  const json = `{\n  "$schema": "./lb.schema.json",\n  "rules": {\n    "LB2070": "off",\n    "LB2015": "of",\n    "LB0002": "off",\n    "LB1014": "info",\n    "LB2007": "off",\n    "LB2009": 3\n  },\n  "rule": {}\n}\n`;
  const r = run({ 'input.lb': PROGRAM, 'lb.json': json });
  const bad = only(r, 'LB1026');
  assert.equal(
    bad.map((d) => `${lineOf(r, d)} ${spanText(r, d)}`),
    ['4 "LB2070"', '5 "of"', '6 "off"', '7 "info"', '9 3', '11 "rule"'],
  );
  assert.ok(bad.every((d) => d.span.file === 'lb.json' && d.severity === 'error'));
  assert.match(bad[0].message, /not an lb rule code/);
  assert.match(bad[1].message, /Did you mean 'off'\?/);
  assert.match(bad[2].message, /LB0002 cannot be turned off or lowered to "off": LB0002 is a syntax error/);
  assert.match(bad[3].message, /only a higher severity is allowed/);
  assert.match(bad[5].message, /Did you mean 'rules'\?/);
  assert.equal(r.diagnostics.filter((d) => d.code !== 'LB1026').map((d) => d.code), ['LB2015'], 'LB2007 off still applies');
});

test('a locked warning may be raised', () => {
  const { config, diagnostics } = parseProjectConfig(rules({ LB1014: 'error' }), 'lb.json');
  assert.equal(diagnostics, []);
  assert.is(config.rules.get('LB1014'), 'error');
});

test('bad JSON is reported at the position of the mistake, never thrown', () => {
  const cases: [string, string][] = [
    ['{\n  "rules": { "LB2007": "off", }\n}', '2:31'],
    ['{ "rules": ', '1:12'],
    ['', '1:1'],
    ['[1, 2]', '1:1'],
    ['{ "rules": { "LB2007": "off" } } x', '1:34'],
    ['{ "rules": "LB2007" }', '1:12'],
    ['{ "rules": { "LB2007": "off\n" } }', '1:24'],
    ['['.repeat(100000), '1:1'],
  ];
  for (const [text, at] of cases) {
    const r = run({ 'input.lb': PROGRAM, 'lb.json': text });
    const bad = only(r, 'LB1026');
    assert.is(bad.length, 1, `${JSON.stringify(text.slice(0, 40))}: ${where(r).join()}`);
    const line = lineOf(r, bad[0]);
    const column = bad[0].span.start - (text.lastIndexOf('\n', bad[0].span.start - 1) + 1) + 1;
    assert.is(`${line}:${column}`, at, JSON.stringify(text.slice(0, 40)));
    assert.equal(only(r, 'LB2007').length, 1, 'no setting applies from a broken file');
  }
});

test('a duplicated rule is reported', () => {
  const { diagnostics } = parseProjectConfig('{ "rules": { "LB2007": "off", "LB2007": "error" } }', 'lb.json');
  assert.equal(diagnostics.map((d) => d.code), ['LB1026']);
  assert.match(diagnostics[0].message, /set twice/);
});

test.run();
