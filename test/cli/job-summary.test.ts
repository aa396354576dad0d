import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../../packages/dsl/src/diagnostics/diagnostic.ts';
import { cellText, formatJobSummary } from '../../packages/dsl/src/report/job-summary.ts';
import { SourceSet } from '../../packages/dsl/src/report/sources.ts';

const A = 'frontend web {\n  default ap\n}\n';
const B = 'backend app {\n}\n';
const sources = () => {
  const set = new SourceSet();
  set.add(new Map([['a.lb', A], ['b|<x>.lb', B]]));
  return set;
};

test('table per file with linked codes, escaped cells, totals, mermaid blocks', () => {
  const diagnostics: Diagnostic[] = [
    { code: 'LB1003', severity: 'error', message: "unknown backend 'ap' | <b>bold</b>\nnext", span: { file: 'a.lb', start: 25, end: 27 } },
    { code: 'LB2015', severity: 'warning', message: 'unused', span: { file: 'b|<x>.lb', start: 8, end: 11 } },
    { code: 'LB1016', severity: 'info', message: 'raw', span: { file: 'b|<x>.lb', start: 0, end: 7 } },
  ];
  const md = formatJobSummary(diagnostics, sources(), [{ file: 'a.lb', mermaid: 'flowchart LR\n  a --> b\n' }]);
  assert.is(
    md,
    [
      '## lb check',
      '',
      '1 error, 1 warning, 1 info in 2 files',
      '',
      '### <code>a.lb</code>',
      '',
      '| Code | Severity | Line | Message |',
      '| --- | --- | ---: | --- |',
      "| [LB1003](https://github.com/lb-lang/lb/blob/main/docs/rules/LB1003.md) | ❌ error | 2 | unknown backend 'ap' \\| &lt;b&gt;bold&lt;/b&gt;<br>next |",
      '',
      '### <code>b\\|&lt;x&gt;.lb</code>',
      '',
      '| Code | Severity | Line | Message |',
      '| --- | --- | ---: | --- |',
      '| [LB2015](https://github.com/lb-lang/lb/blob/main/docs/rules/LB2015.md) | ⚠️ warning | 1 | unused |',
      '| [LB1016](https://github.com/lb-lang/lb/blob/main/docs/rules/LB1016.md) | ℹ️ info | 1 | raw |',
      '',
      '### Topology of <code>a.lb</code>',
      '',
      '```mermaid',
      'flowchart LR',
      '  a --> b',
      '```',
      '',
      '',
    ].join('\n'),
  );
});

test('no findings: totals only', () => {
  assert.is(formatJobSummary([], sources()), '## lb check\n\n0 errors, 0 warnings in 2 files\n\n');
  assert.is(cellText('a&b'), 'a&amp;b');
});

test.run();
