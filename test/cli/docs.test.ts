/** docs/cli.md and README.md against the real CLI: the JSON schema, the samples, and every command, flag, format
 *  and exit code mentioned. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECK_FORMATS, COMMANDS, GRAPH_FORMATS } from '../../packages/dsl/src/cli/args.ts';
import { lb, ROOT } from './helpers.ts';

const CLI_MD = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');

/** The fenced blocks of a markdown text with the given info string. */
function blocks(markdown: string, info: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + info + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

test('the JSON schema in docs/cli.md accepts real output, and rejects output that breaks it', () => {
  const schema = JSON.parse(blocks(CLI_MD, 'json').find((b) => b.includes('"$schema"'))!) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  for (const args of [['test/cli/fixtures/report'], ['examples'], ['test/cli/fixtures/broken.lb']]) {
    const data = JSON.parse(lb(['check', '--format', 'json', ...args]).stdout) as unknown[];
    assert.ok(validate(data), `${args.join(' ')}: ${JSON.stringify(validate.errors)}`);
  }
  const report = JSON.parse(lb(['check', '--format', 'json', 'test/cli/fixtures/report']).stdout) as Record<string, unknown>[];
  assert.ok(report.some((d) => (d.related as unknown[]).length > 0), 'the fixture exercises related locations');
  assert.not.ok(validate([{ ...report[0], severity: 'fatal' }]));
  assert.not.ok(validate([{ ...report[0], range: { start: { line: 0, column: 1 }, end: { line: 1, column: 1 } } }]));
  // The example element in the docs is what lb prints for the broken fixture.
  const example = JSON.parse(blocks(CLI_MD, 'json').find((b) => b.trimStart().startsWith('{\n  "file"'))!) as Record<string, unknown>;
  const real = (JSON.parse(lb(['check', '--format', 'json', 'test/cli/fixtures/broken.lb']).stdout) as Record<string, unknown>[]).find((d) => d.code === example.code);
  assert.equal(real, example);
});

test('the text and github samples in docs/cli.md are what lb prints', () => {
  const text = blocks(CLI_MD, 'text').find((b) => b.startsWith('$ npx lb check test/cli/fixtures/broken.lb\n'))!;
  assert.fixture(text.slice(text.indexOf('\n') + 1), lb(['check', 'test/cli/fixtures/broken.lb']).stdout);
  const github = lb(['check', '--format', 'github', 'test/cli/fixtures/broken.lb']).stdout;
  const sample = blocks(CLI_MD, 'text').find((b) => b.startsWith('::error'))!;
  for (const line of sample.trimEnd().split('\n')) assert.ok(github.split('\n').includes(line), `${line}\nnot in\n${github}`);
});

test('docs/cli.md covers every command, flag, format and exit code; help points there', () => {
  for (const command of COMMANDS) assert.ok(CLI_MD.includes(`lb ${command}`), command);
  for (const format of [...CHECK_FORMATS, ...GRAPH_FORMATS]) assert.ok(CLI_MD.includes(`--format ${format}`), format);
  for (const flag of ['--max-warnings N', '-o DIR', '--out DIR', '--check', '--write', '--version', '--help', 'NO_COLOR', 'GITHUB_STEP_SUMMARY']) {
    assert.ok(CLI_MD.includes(flag), flag);
  }
  for (const code of ['0', '1', '2']) assert.match(CLI_MD, new RegExp(`\\| \`${code}\` \\|`));
  assert.match(lb(['--help']).stdout, /docs\/cli\.md/);
});

test('README stays short and links to docs/cli.md and docs/ci.md', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes('(docs/cli.md)'));
  assert.ok(readme.includes('(docs/ci.md)'));
  assert.ok(readme.split('\n').length < 150, 'README.md is an overview; details belong in docs/');
});

test.run();
