/** The github format as GitHub's runner reads it: escaping of data and properties, ranges, severities. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Diagnostic } from '../../packages/dsl/src/diagnostics/diagnostic.ts';
import { escapeData, escapeProperty, formatGithub, formatGithubCommand } from '../../packages/dsl/src/report/format-github.ts';
import { SourceSet } from '../../packages/dsl/src/report/sources.ts';

/** What the runner does with a line (ActionCommand.TryParseV2 and its unescaping), written out independently. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const match = /^::([a-z]+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescape = (text: string, property: boolean) => {
    let out = text.replace(/%0D/g, '\r').replace(/%0A/g, '\n');
    if (property) out = out.replace(/%3A/g, ':').replace(/%2C/g, ',');
    return out.replace(/%25/g, '%');
  };
  const properties: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), true);
  }
  return { command: match[1], properties, message: unescape(match[3], false) };
}

const FILE = 'dir/we,ird:na%me 100%.lb';
const TEXT = 'backend app {\n  server a 127.0.0.1:80\n}\nfrontend web {\n  default ap\n}\n';
const sources = () => {
  const set = new SourceSet();
  set.add(new Map([[FILE, TEXT]]));
  return set;
};
const span = (needle: string, length = needle.length) => ({ file: FILE, start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + length });

test('escaping: data escapes %, CR, LF; properties also : and ,', () => {
  assert.is(escapeData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
  assert.is(escapeProperty('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext%3A a%2C b');
  // `%` first, so an existing escape-looking text survives the round trip.
  assert.is(escapeData('%0A'), '%250A');
});

test('a message and a path with %, :, , and newlines survive the runner round trip exactly', () => {
  const d: Diagnostic = {
    code: 'LB1003',
    severity: 'error',
    message: "100% wrong: 'ap', not 'app'\nsecond line\r\nthird::line",
    span: span('ap\n', 2),
    related: [{ span: span('app'), message: 'declared here, see: line 1' }],
  };
  const line = formatGithubCommand(d, sources());
  assert.not.ok(/[\r\n]/.test(line), 'one physical line');
  assert.is(
    line,
    "::error file=dir/we%2Cird%3Ana%25me 100%25.lb,line=5,endLine=5,col=11,endColumn=13,title=LB1003 Unknown name::" +
      "100%25 wrong: 'ap', not 'app'%0Asecond line%0D%0Athird::line%0Anote: dir/we,ird:na%25me 100%25.lb:1:9: declared here, see: line 1",
  );
  const parsed = parseCommand(line);
  assert.is(parsed.command, 'error');
  assert.equal(parsed.properties, { file: FILE, line: '5', endLine: '5', col: '11', endColumn: '13', title: 'LB1003 Unknown name' });
  assert.is(parsed.message, `${d.message}\nnote: ${FILE}:1:9: declared here, see: line 1`);
});

test('severities: error, warning, info -> ::error, ::warning, ::notice; unknown code keeps the code as title', () => {
  const base = { message: 'm', span: span('web') };
  const lines = formatGithub(
    [
      { ...base, code: 'LB2001', severity: 'error' },
      { ...base, code: 'LB2006', severity: 'warning' },
      { ...base, code: 'LB1016', severity: 'info' },
      { ...base, code: 'LB9999', severity: 'info' },
    ],
    sources(),
  ).split('\n');
  assert.equal(lines.map((l) => l.split(' ')[0]), ['::error', '::warning', '::notice', '::notice', '']);
  assert.is(parseCommand(lines[0]).properties.title, 'LB2001 Duplicate bind');
  assert.is(parseCommand(lines[3]).properties.title, 'LB9999');
});

test('ranges: exclusive end column on one line; several lines give line/endLine only (GitHub drops columns there)', () => {
  const one = parseCommand(formatGithubCommand({ code: 'LB2015', severity: 'warning', message: 'm', span: span('app') }, sources()));
  assert.equal(one.properties, { file: FILE, line: '1', endLine: '1', col: '9', endColumn: '12', title: 'LB2015 Unused backend' });
  const many = parseCommand(formatGithubCommand({ code: 'LB2013', severity: 'error', message: 'm', span: span('app {\n  server', 14) }, sources()));
  assert.equal(many.properties, { file: FILE, line: '1', endLine: '2', title: 'LB2013 Backend without servers' });
  const empty = parseCommand(formatGithubCommand({ code: 'LB0002', severity: 'error', message: 'm', span: { file: FILE, start: 4, end: 4 } }, sources()));
  assert.is(empty.properties.col, '5');
  assert.is(empty.properties.endColumn, '5');
});

test.run();
