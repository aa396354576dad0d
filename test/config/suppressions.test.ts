import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../packages/dsl/src/api/compile.ts';
import { memoryFileSystem } from '../../packages/dsl/src/api/host.ts';
import { readSuppressions } from '../../packages/dsl/src/config/suppressions.ts';
import { DEFAULTS, only, run, spanText, where } from './helpers.ts';

// Line 5 of every program below: a server without a health check (LB2007).
const NOCHECK = 'backend app { server a1 127.0.0.1:8080 nocheck }\nfrontend web { bind 127.0.0.1:8000; default app }\n';

test('baseline: the program reports LB2007 on the backend line', () => {
  const r = run({ 'input.lb': DEFAULTS + NOCHECK });
  assert.equal(where(r), ['LB2007@5']);
  assert.is(r.suppressed, 0);
});

test('a next-line suppression with a reason removes the finding and counts it', () => {
  const r = run({ 'input.lb': DEFAULTS + '# lb-ignore LB2007: the legacy box has no health endpoint\n' + NOCHECK });
  assert.equal(where(r), []);
  assert.is(r.suppressed, 1);
});

test('the next-line form skips blank and comment lines', () => {
  const r = run({ 'input.lb': DEFAULTS + '# lb-ignore LB2007: legacy box\n\n# another comment\n\n' + NOCHECK });
  assert.equal(where(r), []);
  assert.is(r.suppressed, 1);
});

test('the next-line form covers only the next line of code', () => {
  const r = run({ 'input.lb': '# lb-ignore LB2007: legacy box\n' + DEFAULTS + NOCHECK });
  assert.equal(where(r).sort(), ['LB1024@1', 'LB2007@6']);
  assert.is(r.suppressed, 0);
});

test('a trailing suppression covers its own line', () => {
  const lines = NOCHECK.split('\n');
  const r = run({ 'input.lb': DEFAULTS + `${lines[0]}  # lb-ignore LB2007: legacy box\n${lines[1]}\n` });
  assert.equal(where(r), []);
  assert.is(r.suppressed, 1);
});

test('a trailing suppression does not reach the next line', () => {
  const r = run({ 'input.lb': DEFAULTS.replace('mode http', 'mode http  # lb-ignore LB2007: legacy box') + NOCHECK });
  assert.equal(where(r), ['LB1024@2', 'LB2007@5']);
});

test('several codes in one suppression; only the unused one is reported', () => {
  const r = run({ 'input.lb': DEFAULTS + '# lb-ignore LB2007, LB2015: legacy box\n' + NOCHECK });
  assert.equal(where(r), ['LB1024@5']);
  const [unused] = only(r, 'LB1024');
  assert.is(spanText(r, unused), 'LB2015');
  assert.match(unused.message, /remove LB2015 from this suppression/);
  assert.is(unused.severity, 'warning');
  assert.is(r.suppressed, 1);
});

test('an unused suppression is reported at its code', () => {
  const r = run({ 'input.lb': DEFAULTS + '# lb-ignore LB2006: no privileged port here\n' + NOCHECK });
  assert.equal(where(r), ['LB1024@5', 'LB2007@6']);
  const [unused] = only(r, 'LB1024');
  assert.is(spanText(r, unused), 'LB2006');
  assert.match(unused.message, /nothing reports LB2006 on line 6; remove this suppression/);
});

test('a suppression with no line of code after it is unused', () => {
  const r = run({ 'input.lb': DEFAULTS + NOCHECK + '# lb-ignore LB2007: nothing follows\n' });
  assert.equal(where(r).sort(), ['LB1024@7', 'LB2007@5']);
  assert.match(only(r, 'LB1024')[0].message, /no line of code follows/);
});

test('a suppression without a reason is reported and suppresses nothing', () => {
  for (const comment of ['# lb-ignore LB2007', '# lb-ignore LB2007:', '# lb-ignore LB2007:   ']) {
    const r = run({ 'input.lb': DEFAULTS + comment + '\n' + NOCHECK });
    assert.equal(where(r), ['LB1023@5', 'LB2007@6'], comment);
    assert.is(spanText(r, only(r, 'LB1023')[0]), comment, 'the span is the comment');
    assert.is(r.suppressed, 0);
  }
});

test('an unknown code is reported with a suggestion; the known codes still apply', () => {
  const r = run({ 'input.lb': DEFAULTS + '# lb-ignore lb2007, LB2007: legacy box\n' + NOCHECK });
  assert.equal(where(r), ['LB1025@5']);
  const [unknown] = only(r, 'LB1025');
  assert.is(spanText(r, unknown), "lb2007");
  assert.match(unknown.message, /Did you mean 'LB2007'\?/);
  assert.is(r.suppressed, 1);
});

test('the suggestion for a code with swapped digits is the code with those digits', () => {
  const r = run({ 'input.lb': DEFAULTS + '# lb-ignore LB2070: legacy box\n' + NOCHECK });
  assert.match(only(r, 'LB1025')[0].message, /'LB2070' is not an lb rule code, so nothing is suppressed\. Did you mean 'LB2007'\?/);
});

test('a suppression that names no code is reported', () => {
  const r = run({ 'input.lb': DEFAULTS + '# lb-ignore: because\n' + NOCHECK });
  assert.equal(where(r), ['LB1025@5', 'LB2007@6']);
  assert.match(only(r, 'LB1025')[0].message, /names no rule/);
});

test('syntax errors and other locked errors cannot be suppressed', () => {
  const r = run({ 'input.lb': DEFAULTS + '# lb-ignore LB0002: broken on purpose\nbackend app {{ server\n' });
  assert.ok(where(r).includes('LB1025@5'), where(r).join());
  assert.match(only(r, 'LB1025')[0].message, /LB0002 cannot be suppressed: LB0002 is a syntax error/);
  assert.ok(only(r, 'LB0002').length > 0, 'the syntax error is still reported');

  const unknownName = run({ 'input.lb': DEFAULTS + 'frontend web { bind 127.0.0.1:8000; default nope }  # lb-ignore LB1003: on purpose\n' });
  assert.ok(only(unknownName, 'LB1003').length > 0);
  assert.match(only(unknownName, 'LB1025')[0].message, /LB1003 cannot be suppressed/);
});

test('the file form suppresses a code everywhere in the file', () => {
  const text = `${DEFAULTS}backend app { server a1 127.0.0.1:8080 nocheck }\nbackend b2 { server b 127.0.0.1:8081 nocheck }\n# lb-ignore-file LB2007: none of these boxes has a health endpoint\nfrontend web { bind 127.0.0.1:8000; default app; route b2 when path prefix "/b" }\n`;
  const plain = run({ 'input.lb': text.replace(/# lb-ignore-file.*\n/, '') });
  assert.equal(only(plain, 'LB2007').length, 2, where(plain).join());
  const r = run({ 'input.lb': text });
  assert.equal(only(r, 'LB2007'), []);
  assert.is(r.suppressed, 2);
  assert.equal(only(r, 'LB1024'), []);
});

test('an unused file-level suppression is reported', () => {
  const r = run({ 'input.lb': '# lb-ignore-file LB2015: spare backends are fine\n' + DEFAULTS + NOCHECK });
  assert.equal(where(r), ['LB1024@1', 'LB2007@6']);
  assert.match(only(r, 'LB1024')[0].message, /nothing reports LB2015 in this file/);
});

test('a suppression in an imported file applies to that file only', () => {
  const lib = `${DEFAULTS}# lb-ignore-file LB2007: the library's boxes have no health endpoint\nbackend libapp { server l1 127.0.0.1:9000 nocheck }\n`;
  const main = `import "./lib.lb"\n${NOCHECK.replace('default app', 'default app; route libapp when path prefix "/lib"')}`;
  const r = run({ 'input.lb': main, 'lib.lb': lib });
  assert.equal(
    r.diagnostics.map((d) => `${d.span.file}:${d.code}`),
    ['input.lb:LB2007'],
  );
  assert.is(r.suppressed, 1);
});

test('a suppression in the main file does not reach an imported file', () => {
  const lib = `${DEFAULTS}backend libapp { server l1 127.0.0.1:9000 nocheck }\n`;
  const main = `# lb-ignore-file LB2007: only meant for this file\nimport "./lib.lb"\nbackend app { server a1 127.0.0.1:8080 }\nfrontend web { bind 127.0.0.1:8000; default app; route libapp when path prefix "/lib" }\n`;
  const r = run({ 'input.lb': main, 'lib.lb': lib });
  assert.equal(r.diagnostics.map((d) => `${d.span.file}:${d.code}`).sort(), ['input.lb:LB1024', 'lib.lb:LB2007']);
});

test('a "# lb-ignore" inside a string is not a suppression', () => {
  const r = run({ 'input.lb': DEFAULTS + 'let note = "# lb-ignore LB2007: not a comment"\n' + NOCHECK });
  assert.equal(only(r, 'LB2007').length, 1);
  assert.equal(only(r, 'LB1024'), []);
});

test('ordinary comments that mention lb-ignore are left alone', () => {
  const { suppressions, diagnostics } = readSuppressions('f.lb', '# see lb-ignore in the docs\n# lb-ignored LB2007\n# lb-ignore-files LB2007: x\n');
  assert.equal(suppressions, []);
  assert.equal(diagnostics, []);
});

test('CRLF line endings: both forms still work and the reason excludes the carriage return', () => {
  const lines = NOCHECK.split('\n');
  const next = run({ 'input.lb': (DEFAULTS + '# lb-ignore LB2007: legacy box\n' + NOCHECK).replace(/\n/g, '\r\n') });
  assert.equal(where(next), []);
  const trailing = run({ 'input.lb': (DEFAULTS + `${lines[0]} # lb-ignore LB2007:\n${lines[1]}\n`).replace(/\n/g, '\r\n') });
  assert.equal(where(trailing), ['LB2007@5', 'LB1023@5'], 'a reason made only of "\\r" is no reason');
});

test('compile() hides suppressed findings too and reports the count', () => {
  const files = { 'input.lb': DEFAULTS + '# lb-ignore LB2007: legacy box\n' + NOCHECK };
  const r = compile('input.lb', { fs: memoryFileSystem(files), env: {} });
  assert.ok(r.ok);
  assert.equal(r.diagnostics, []);
  assert.is(r.suppressed, 1);
});

test.run();
