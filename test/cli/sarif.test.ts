/** The SARIF document itself: rule table, indexes, levels, regions, URIs, documentation links. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../packages/dsl/src/diagnostics/diagnostic.ts';
import { RULES } from '../../packages/dsl/src/diagnostics/codes.ts';
import { diagnosticsToSarif, pathToUri } from '../../packages/dsl/src/report/format-sarif.ts';
import { ruleHelpUri, ruleName } from '../../packages/dsl/src/report/rule-links.ts';
import { SourceSet } from '../../packages/dsl/src/report/sources.ts';
import { ROOT } from './helpers.ts';

const TEXT = 'backend app {\n  server a 127.0.0.1:80\n}\nfrontend web {\n  default ap\n}\n';
const sources = () => {
  const set = new SourceSet();
  set.add(new Map([['conf/main.lb', TEXT]]));
  return set;
};
const span = (needle: string, length = needle.length) => ({ file: 'conf/main.lb', start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + length });

const diagnostics: Diagnostic[] = [
  { code: 'LB2013', severity: 'error', message: 'several lines', span: span('app {\n  server', 14) },
  { code: 'LB1003', severity: 'error', message: "unknown backend 'ap'", span: span('ap\n', 2), related: [{ span: span('app'), message: 'declared here' }] },
  { code: 'LB2006', severity: 'warning', message: 'w', span: span('web') },
  { code: 'LB1016', severity: 'info', message: 'i', span: span('server') },
];

test('driver: every rule of codes.ts, in catalogue order, with name, title, help link and default level', () => {
  const driver = diagnosticsToSarif([], sources(), '9.9.9').runs[0].tool.driver;
  assert.is(driver.name, 'lb');
  assert.is(driver.version, '9.9.9');
  assert.equal(driver.rules.map((r) => r.id), [...RULES.keys()]);
  const loop = driver.rules.find((r) => r.id === 'LB2003')!;
  assert.equal(loop, {
    id: 'LB2003',
    name: 'ProxyLoopFrontendForwardsToItself',
    shortDescription: { text: 'Proxy loop: frontend forwards to itself' },
    helpUri: 'https://github.com/lb-lang/lb/blob/main/docs/rules/LB2003.md',
    defaultConfiguration: { level: 'error' },
  });
  assert.equal(driver.rules.find((r) => r.id === 'LB1016')!.defaultConfiguration, { level: 'note' });
  for (const rule of driver.rules) assert.match(rule.name, /^[A-Z][A-Za-z0-9]*$/, rule.id);
});

test('help links: each code links to its page docs/rules/<CODE>.md, and the page exists', () => {
  assert.is(ruleHelpUri('LB1003'), 'https://github.com/lb-lang/lb/blob/main/docs/rules/LB1003.md');
  assert.is(ruleHelpUri('LB9999'), 'https://github.com/lb-lang/lb/blob/main/docs/rules/README.md');
  const missing = [...RULES.keys()].filter((code) => !existsSync(join(ROOT, 'docs/rules', `${code}.md`)));
  assert.equal(missing, [], 'every help link leads to a page');
  assert.ok(existsSync(join(ROOT, 'docs/rules/README.md')));
  assert.is(ruleName({ code: 'X', severity: 'error', title: 'kube-vip with ipvs proxy mode' }), 'KubeVipWithIpvsProxyMode');
});

test('results: ruleId and ruleIndex agree, levels, 1-based regions with an exclusive end, related locations', () => {
  const run = diagnosticsToSarif(diagnostics, sources(), '1.0.0').runs[0];
  const rules = run.tool.driver.rules;
  for (const r of run.results) assert.is(rules[r.ruleIndex!].id, r.ruleId);
  assert.equal(run.results.map((r) => r.level), ['error', 'error', 'warning', 'note']);
  assert.is(run.columnKind, 'utf16CodeUnits');
  assert.equal(run.results[0].locations[0].physicalLocation, {
    artifactLocation: { uri: 'conf/main.lb', uriBaseId: 'SRCROOT' },
    region: { startLine: 1, startColumn: 9, endLine: 2, endColumn: 9 },
  });
  const unknown = run.results[1];
  assert.equal(unknown.locations[0].physicalLocation.region, { startLine: 5, startColumn: 11, endLine: 5, endColumn: 13 });
  assert.equal(unknown.message, { text: "unknown backend 'ap'" });
  assert.equal(unknown.relatedLocations, [
    {
      id: 1,
      physicalLocation: { artifactLocation: { uri: 'conf/main.lb', uriBaseId: 'SRCROOT' }, region: { startLine: 1, startColumn: 9, endLine: 1, endColumn: 12 } },
      message: { text: 'declared here' },
    },
  ]);
  assert.not.ok('relatedLocations' in run.results[2]);
});

test('URIs: relative paths percent-encoded per segment under SRCROOT; absolute paths as file: URIs', () => {
  assert.equal(pathToUri('examples/case1.lb'), { uri: 'examples/case1.lb', uriBaseId: 'SRCROOT' });
  assert.equal(pathToUri('./a b/c:d,e%.lb'), { uri: 'a%20b/c%3Ad%2Ce%25.lb', uriBaseId: 'SRCROOT' });
  assert.equal(pathToUri('/srv/lb/x y.lb'), { uri: 'file:///srv/lb/x%20y.lb' });
  // A first segment with a colon must not read as a URI scheme.
  assert.not.match(pathToUri('c:x.lb').uri, /^[a-z]+:/);
});

test.run();
