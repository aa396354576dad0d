/**
 * `lb check` end to end through the built bundle: the four formats over a two-file fixture set (goldens), the
 * reference SARIF validator, GitHub annotations for awkward paths, the job summary, exit codes and directories.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectGolden } from '../helpers/golden.ts';
import { baseEnv, DSL, lb, ROOT, tempDir } from './helpers.ts';

const REPORT = 'test/cli/fixtures/report';
const EXIT = 'test/cli/fixtures/exit';
const GOLDEN = join(ROOT, 'test/cli/fixtures/golden');
const POLICY = join(ROOT, 'test/cli/fixtures/sarif-validator.xml');
const VERSION = (JSON.parse(readFileSync(join(DSL, 'package.json'), 'utf8')) as { version: string }).version;

interface SarifLog {
  runs: { tool: { driver: { version: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex?: number }[] }[];
}

/** The golden keeps what this fixture decides: the rule table (every code of codes.ts, checked in sarif.test.ts),
 *  the indexes into it and the version change whenever a rule or a release is added, so they are checked here and
 *  then left out. */
function stableSarif(text: string): string {
  const log = JSON.parse(text) as SarifLog;
  const run = log.runs[0];
  assert.is(run.tool.driver.version, VERSION);
  for (const result of run.results) assert.is(run.tool.driver.rules[result.ruleIndex!].id, result.ruleId);
  run.tool.driver.version = '<version>';
  (run.tool.driver as { rules: unknown }).rules = ['<every rule of codes.ts>'];
  for (const result of run.results) result.ruleIndex = -1;
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** The Mermaid blocks of a job summary shortened to their first line (they are compared with `lb graph` instead). */
const shortMermaid = (md: string) => md.replace(/```mermaid\n(.*)\n[\s\S]*?```/g, '```mermaid\n$1\n...\n```');

test('goldens: text, json, sarif and github over two files with errors, warnings, infos and related locations', () => {
  const text = lb(['check', REPORT]);
  assert.is(text.code, 1);
  assert.is(text.stderr, '');
  expectGolden(join(GOLDEN, 'report.txt'), text.stdout);
  assert.match(text.stdout, /\n2 errors, 6 warnings, 1 info in 2 files\n$/);

  const json = lb(['check', REPORT, '--format', 'json']);
  assert.is(json.code, 1);
  expectGolden(join(GOLDEN, 'report.json'), json.stdout);
  const parsed = JSON.parse(json.stdout) as { file: string; severity: string }[];
  assert.equal([...new Set(parsed.map((d) => d.file))], [`${REPORT}/main.lb`, `${REPORT}/shared.lb`]);
  assert.equal([...new Set(parsed.map((d) => d.severity))].sort(), ['error', 'info', 'warning']);

  const sarif = lb(['check', REPORT, '--format=sarif']);
  assert.is(sarif.code, 1);
  expectGolden(join(GOLDEN, 'report.sarif'), stableSarif(sarif.stdout));

  const github = lb(['check', REPORT, '--format', 'github']);
  assert.is(github.code, 1);
  expectGolden(join(GOLDEN, 'report.github.txt'), github.stdout);
});

test('all formats report the same findings at the same places', () => {
  const json = JSON.parse(lb(['check', REPORT, '--format', 'json']).stdout) as {
    file: string;
    code: string;
    range: { start: { line: number; column: number }; end: { line: number; column: number } };
  }[];
  const sarif = JSON.parse(lb(['check', REPORT, '--format', 'sarif']).stdout) as {
    runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[] }[];
  };
  const github = lb(['check', REPORT, '--format', 'github']).stdout.split('\n').filter((l) => l.startsWith('::'));
  assert.is(sarif.runs[0].results.length, json.length);
  assert.is(github.length, json.length);
  json.forEach((d, i) => {
    const { start, end } = d.range;
    const result = sarif.runs[0].results[i];
    assert.is(result.ruleId, d.code);
    assert.is(result.locations[0].physicalLocation.artifactLocation.uri, d.file);
    assert.equal(result.locations[0].physicalLocation.region, { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column });
    // GitHub takes columns only for a range on one line.
    const columns = start.line === end.line ? `,col=${start.column},endColumn=${end.column}` : '';
    assert.ok(github[i].includes(`file=${d.file},line=${start.line},endLine=${end.line}${columns},title=${d.code} `), github[i]);
  });
});

test('the reference SARIF validator accepts lb output (examples and fixtures) and rejects a broken file', () => {
  const dir = tempDir('sarif');
  const examples = lb(['check', 'examples/', '--format', 'sarif']);
  assert.is(examples.code, 0, examples.stderr);
  const report = lb(['check', REPORT, 'examples', '--format', 'sarif']).stdout;
  writeFileSync(join(dir, 'examples.sarif'), examples.stdout);
  writeFileSync(join(dir, 'report.sarif'), report);
  // The validator gives no result at all when it cannot read a file, just as for a perfect one. This copy lacks
  // only `$schema`, which it always mentions (SARIF2008), so a result for it proves the file was really analysed.
  const canary = JSON.parse(report) as Record<string, unknown>;
  delete canary.$schema;
  writeFileSync(join(dir, 'canary.sarif'), JSON.stringify(canary, null, 2));
  const broken = JSON.parse(report) as { runs: { results: { ruleIndex?: number; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
  broken.runs[0].results[0].ruleIndex = 9999;
  broken.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
  writeFileSync(join(dir, 'broken.sarif'), JSON.stringify(broken, null, 2));

  const out = join(dir, 'validation.sarif');
  const names = ['examples', 'report', 'canary', 'broken'];
  const r = spawnSync(join(ROOT, 'node_modules/.bin/sarif-multitool'), ['validate', ...names.map((n) => join(dir, `${n}.sarif`)), '-c', POLICY, '-o', out], {
    cwd: dir,
    encoding: 'utf8',
  });
  assert.is(r.status, 0, `${r.stdout}${r.stderr}`);
  const validation = JSON.parse(readFileSync(out, 'utf8')) as {
    runs: { results: { ruleId: string; level?: string; message: unknown; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  };
  const results = validation.runs[0].results;
  const about = (name: string) => results.filter((x) => x.locations[0].physicalLocation.artifactLocation.uri.endsWith(`/${name}.sarif`));
  const errors = (name: string) => about(name).filter((x) => x.level === 'error');

  assert.equal(errors('examples'), [], 'lb check examples/ --format sarif');
  assert.equal(errors('report'), [], 'findings with related locations');
  assert.ok(about('canary').some((x) => x.ruleId === 'SARIF2008'), 'the validator analysed the file (it reports the missing $schema)');
  assert.equal(errors('canary'), []);
  const brokenErrors = errors('broken').map((x) => x.ruleId);
  assert.ok(brokenErrors.includes('JSON1008'), `startLine 0 is rejected: ${JSON.stringify(brokenErrors)}`);
  assert.ok(brokenErrors.includes('SARIF1009'), `an index past the rule table is rejected: ${JSON.stringify(brokenErrors)}`);
});

test('github: a path with a comma, a colon and a percent sign is escaped in the annotation', () => {
  const dir = tempDir('gh-path');
  const name = 'odd, name: 100%.lb';
  writeFileSync(join(dir, name), 'frontend web {\n  bind *:8080\n  default nope\n}\n');
  const r = lb(['check', '--format', 'github', '.'], { cwd: dir });
  assert.is(r.code, 1);
  const line = r.stdout.split('\n').find((l) => l.includes('LB1003'));
  assert.ok(line?.startsWith("::error file=odd%2C name%3A 100%25.lb,line=3,endLine=3,col=11,endColumn=15,title=LB1003 Unknown name::unknown backend 'nope'"), line);
  assert.match(r.stdout, /\n1 error, \d+ warnings? in 1 file\n$/);
});

test('github: job summary appended to $GITHUB_STEP_SUMMARY with tables and each file\'s topology', () => {
  const dir = tempDir('summary');
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '# earlier step\n\n');
  const r = lb(['check', '--format', 'github', REPORT, 'examples/case2-ha-kubernetes.lb'], { env: baseEnv({ GITHUB_STEP_SUMMARY: summary }) });
  assert.is(r.code, 1, r.stderr);
  const md = readFileSync(summary, 'utf8');
  assert.ok(md.startsWith('# earlier step\n\n## lb check\n\n2 errors, 6 warnings, 1 info in 3 files\n'), md);
  expectGolden(join(GOLDEN, 'report.summary.md'), shortMermaid(md));
  // Each picture is exactly what `lb graph` draws for that file.
  for (const file of [`${REPORT}/main.lb`, 'examples/case2-ha-kubernetes.lb']) {
    assert.ok(md.includes(`### Topology of <code>${file}</code>\n\n\`\`\`mermaid\n${lb(['graph', file]).stdout}\`\`\`\n`), file);
  }
  assert.ok(md.includes('| [LB1003](https://github.com/lb-lang/lb/blob/main/docs/rules/LB1003.md) | ❌ error | 12 |'));
  const topologies = [...md.matchAll(/### Topology of <code>(.*)<\/code>\n\n```mermaid\nflowchart LR\n/g)].map((m) => m[1]);
  assert.equal(topologies, [`${REPORT}/main.lb`, `${REPORT}/shared.lb`, 'examples/case2-ha-kubernetes.lb']);
  assert.match(md, /VIP 10\.182\.0\.100\/24/);

  // Without the variable nothing is written; a summary path that cannot be written is an IO error (2).
  const quiet = lb(['check', '--format', 'github', REPORT]);
  assert.is(quiet.stdout, lb(['check', '--format', 'github', REPORT], { env: baseEnv({ GITHUB_STEP_SUMMARY: join(dir, 'other.md') }) }).stdout);
  const bad = lb(['check', '--format', 'github', REPORT], { env: baseEnv({ GITHUB_STEP_SUMMARY: dir }) });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /cannot write the job summary to '.*' \(GITHUB_STEP_SUMMARY\)/);
  // The other formats leave the summary alone.
  const before = readFileSync(summary, 'utf8');
  lb(['check', REPORT, '--format', 'sarif'], { env: baseEnv({ GITHUB_STEP_SUMMARY: summary }) });
  assert.is(readFileSync(summary, 'utf8'), before);
});

test('exit codes: 0 clean or below the failing level, 1 errors or too many warnings, 2 usage and IO', () => {
  const cases: [string[], number][] = [
    [['check', `${EXIT}/clean.lb`], 0],
    [['check', `${EXIT}/info-only.lb`], 0],
    [['check', `${EXIT}/info-only.lb`, '--max-warnings', '0'], 0],
    [['check', `${EXIT}/two-warnings.lb`], 0],
    [['check', `${EXIT}/two-warnings.lb`, '--max-warnings', '2'], 0],
    [['check', `${EXIT}/two-warnings.lb`, '--max-warnings=1'], 1],
    [['check', `${EXIT}/two-warnings.lb`, '--max-warnings', '0', '--format', 'json'], 1],
    [['check', `${EXIT}/clean.lb`, '--max-warnings', '0'], 0],
    [['check', `${REPORT}/main.lb`], 1],
    [['check', `${REPORT}/main.lb`, '--max-warnings', '100'], 1],
    [['check', `${EXIT}/clean.lb`, 'no/such.lb'], 2],
    [['check', `${EXIT}/clean.lb`, '--max-warnings', '-1'], 2],
    [['check', `${EXIT}/clean.lb`, '--max-warnings', 'many'], 2],
    [['check', `${EXIT}/clean.lb`, '--format', 'xml'], 2],
    [['check'], 2],
  ];
  for (const [args, code] of cases) {
    const r = lb(args);
    assert.is(r.code, code, `lb ${args.join(' ')}\n${r.stdout}${r.stderr}`);
  }
  // The machine formats fail the same way (one case per exit code and reason).
  for (const i of [1, 5, 8, 10]) {
    for (const format of ['sarif', 'github']) {
      const args = [...cases[i][0], '--format', format];
      assert.is(lb(args).code, cases[i][1], `lb ${args.join(' ')}`);
    }
  }
  const over = lb(['check', `${EXIT}/two-warnings.lb`, '--max-warnings', '1']);
  assert.match(over.stderr, /2 warnings, more than --max-warnings 1 allows/);
  assert.match(over.stdout, /0 errors, 2 warnings in 1 file\n$/);
  const overJson = lb(['check', `${EXIT}/two-warnings.lb`, '--max-warnings', '1', '--format', 'json']);
  assert.is(JSON.parse(overJson.stdout).length, 2, 'stdout stays pure JSON');
  const overGithub = lb(['check', `${EXIT}/two-warnings.lb`, '--max-warnings', '1', '--format', 'github']);
  assert.match(overGithub.stdout, /\n::error title=lb check::2 warnings, more than --max-warnings 1 allows\n$/);
});

test('directories: *.lb files below, sorted, skipping node_modules and dot-directories; imports still checked alone', () => {
  const dir = tempDir('dirs');
  const bad = (name: string) => `frontend ${name} {\n  bind *:8080\n  default missing_${name}\n}\n`;
  for (const sub of ['b', 'a/deeper', 'node_modules/pkg', '.git', '.hidden/x']) mkdirSync(join(dir, 'tree', sub), { recursive: true });
  writeFileSync(join(dir, 'tree/z.lb'), bad('z'));
  writeFileSync(join(dir, 'tree/b/m.lb'), bad('m'));
  writeFileSync(join(dir, 'tree/a/deeper/k.lb'), bad('k'));
  writeFileSync(join(dir, 'tree/a/notes.txt'), 'not lb');
  writeFileSync(join(dir, 'tree/node_modules/pkg/dep.lb'), bad('dep'));
  writeFileSync(join(dir, 'tree/.git/g.lb'), bad('g'));
  writeFileSync(join(dir, 'tree/.hidden/x/h.lb'), bad('h'));
  // lib.lb is imported by uses-lib.lb; checked as an entry of its own it still reports its unknown backend once.
  writeFileSync(join(dir, 'tree/lib.lb'), bad('lib'));
  writeFileSync(join(dir, 'tree/uses-lib.lb'), 'import "./lib.lb"\n');

  const r = lb(['check', '--format', 'json', 'tree/'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  const files = (JSON.parse(r.stdout) as { file: string; code: string }[]).filter((d) => d.code === 'LB1003').map((d) => d.file);
  assert.equal(files, ['tree/a/deeper/k.lb', 'tree/b/m.lb', 'tree/lib.lb', 'tree/z.lb']);

  // A symlink back up the tree is not followed round and round.
  symlinkSync('..', join(dir, 'tree/b/loop'));
  const text = lb(['check', 'tree'], { cwd: dir });
  assert.match(text.stdout, /\n4 errors, .* in 5 files\n$/);
  // A directory and a file inside it: each file once.
  assert.is(lb(['check', 'tree', 'tree/z.lb'], { cwd: dir }).stdout, text.stdout);

  mkdirSync(join(dir, 'empty/.git'), { recursive: true });
  writeFileSync(join(dir, 'empty/.git/x.lb'), bad('x'));
  const empty = lb(['check', 'empty'], { cwd: dir });
  assert.is(empty.code, 2);
  assert.is(empty.stderr, "lb: no .lb files in directory 'empty'\n");
});

test.run();
