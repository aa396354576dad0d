import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { Diagnostic } from '../../packages/dsl/src/diagnostics/diagnostic.ts';
import { diagnosticsToJson } from '../../packages/dsl/src/report/format-json.ts';
import { formatDiagnosticsText, formatSummary } from '../../packages/dsl/src/report/format-text.ts';
import { SourceSet } from '../../packages/dsl/src/report/sources.ts';
import { expectGolden } from '../helpers/golden.ts';

const MAIN = 'backend app {\n  server a1 127.0.0.1:8080\n}\nfrontend web {\n\tbind *:80\n  default ap\n}\n';
const COMMON = 'let x = 1\n';

function sources(): SourceSet {
  const set = new SourceSet();
  set.add(new Map([['dir/main.lb', MAIN], ['dir/common.lb', COMMON]]));
  return set;
}
const at = (file: string, text: string, needle: string, length = needle.length) => {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`${needle} not in fixture`);
  return { file, start, end: start + length };
};

const diagnostics: Diagnostic[] = [
  {
    code: 'LB1003',
    severity: 'error',
    message: "Unknown backend 'ap'. Did you mean 'app'?",
    span: at('dir/main.lb', MAIN, 'ap\n', 2),
    related: [{ span: at('dir/main.lb', MAIN, 'app'), message: "'app' is declared here" }],
  },
  { code: 'LB2006', severity: 'warning', message: 'Port 80 is privileged.', span: at('dir/main.lb', MAIN, '*:80') },
  // A span over several lines is underlined to the end of its first line.
  { code: 'LB2013', severity: 'error', message: 'Backend app has no health check.', span: at('dir/main.lb', MAIN, 'app {\n  server', 14) },
  { code: 'LB1020', severity: 'info', message: "'x' is never used.", span: at('dir/common.lb', COMMON, 'x'), related: [] },
  // An empty span still gets a caret.
  { code: 'LB0002', severity: 'error', message: 'Expected }.', span: { file: 'dir/main.lb', start: MAIN.length, end: MAIN.length } },
  // A file whose text is unknown: header only, no frame.
  { code: 'LB1010', severity: 'error', message: 'Import not found.', span: { file: 'dir/gone.lb', start: 5, end: 9 } },
];

test('text: header, code frame with exact underline (tabs kept), notes; golden', () => {
  const text = formatDiagnosticsText(diagnostics, sources(), { color: false });
  expectGolden(join(import.meta.dirname, 'fixtures/format-text.golden.txt'), text);
  // The underline is exactly under `*:80` even though the line starts with a tab.
  assert.ok(text.includes(' 5 | \tbind *:80\n   | \t     ^~~~\n'), text);
  assert.ok(text.includes("dir/main.lb:6:11: error LB1003: Unknown backend 'ap'. Did you mean 'app'?\n 6 |   default ap\n   |           ^~\n  = note: dir/main.lb:1:9: 'app' is declared here\n"), text);
});

test('colour: ANSI only when asked, and the same text once the escapes are removed', () => {
  const plain = formatDiagnosticsText(diagnostics, sources(), { color: false });
  const coloured = formatDiagnosticsText(diagnostics, sources(), { color: true });
  assert.not.ok(plain.includes('\u001b['));
  assert.ok(coloured.includes('\u001b[1m\u001b[31merror LB1003'));
  assert.is(coloured.replace(/\u001b\[[0-9;]*m/g, ''), plain);
});

test('summary counts by severity and pluralises', () => {
  assert.is(formatSummary(diagnostics, 2), '4 errors, 1 warning, 1 info in 2 files');
  assert.is(formatSummary([], 1), '0 errors, 0 warnings in 1 file');
  assert.is(formatSummary(diagnostics.slice(1, 2), 1), '0 errors, 1 warning in 1 file');
});

test('json: 1-based ranges with an exclusive end, related always present', () => {
  const json = diagnosticsToJson(diagnostics, sources());
  assert.equal(json[0], {
    file: 'dir/main.lb',
    code: 'LB1003',
    severity: 'error',
    message: "Unknown backend 'ap'. Did you mean 'app'?",
    range: { start: { line: 6, column: 11 }, end: { line: 6, column: 13 } },
    related: [{ file: 'dir/main.lb', message: "'app' is declared here", range: { start: { line: 1, column: 9 }, end: { line: 1, column: 12 } } }],
  });
  assert.equal(json[1].range, { start: { line: 5, column: 7 }, end: { line: 5, column: 11 } }, "a tab counts as one column");
  assert.equal(json[2].range, { start: { line: 1, column: 9 }, end: { line: 2, column: 9 } });
  assert.equal(json[3].related, []);
  assert.equal(json[4].range, { start: { line: 8, column: 1 }, end: { line: 8, column: 1 } });
});

test.run();
