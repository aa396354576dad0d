/**
 * The built `lb` (dist/lb.cjs) run as a user would: exit codes, help, version, both check formats, atomic
 * compile, file modes, and the output layout of every example. Everything goes through the real pipeline.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectGolden } from '../helpers/golden.ts';
import { baseEnv, DSL, ensureBuilt, EXAMPLES, lb, LB_CJS, listFiles, ROOT, snapshot, tempDir } from './helpers.ts';

const BROKEN = 'test/cli/fixtures/broken.lb';
const NEEDS_ENV = 'test/cli/fixtures/needs-env.lb';
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** The layout docs/language.md and `lb compile --help` promise for each example. */
const LAYOUT: Record<string, string[]> = {
  'case1-roundrobin': ['haproxy.cfg'],
  'case2-ha-kubernetes': ['lb1/haproxy.cfg', 'lb1/keepalived.conf', 'lb2/haproxy.cfg', 'lb2/keepalived.conf', 'prod.yaml'],
  'case3-node-servers': ['haproxy.cfg'],
};

test('--version prints the package version (inlined at build), exit 0', () => {
  const { version } = JSON.parse(readFileSync(join(DSL, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = lb([flag]);
    assert.is(r.code, 0);
    assert.is(r.stdout, `${version}\n`);
    assert.is(r.stderr, '');
  }
});

test('help: lb --help, lb help, lb help COMMAND, lb COMMAND --help', () => {
  for (const args of [['--help'], ['help'], ['-h']]) {
    const r = lb(args);
    assert.is(r.code, 0, args.join(' '));
    assert.match(r.stdout, /lb compile FILE\.\.\. -o DIR/);
    assert.match(r.stdout, /lb check FILE\|DIR\.\.\./);
    assert.match(r.stdout, /lb graph FILE/);
    assert.match(r.stdout, /docs\/cli\.md/);
    assert.is(r.stderr, '');
  }
  for (const args of [['help', 'compile'], ['compile', '--help']]) {
    const r = lb(args);
    assert.is(r.code, 0);
    assert.match(r.stdout, /^Usage: lb compile FILE\.\.\. -o DIR/);
    assert.match(r.stdout, /0600/);
  }
  const checkHelp = lb(['check', '--help']).stdout;
  for (const flag of ['--format json', '--format sarif', '--format github', '--max-warnings N']) assert.ok(checkHelp.includes(flag), flag);
  assert.match(lb(['help', 'graph']).stdout, /^Usage: lb graph FILE \[--format mermaid\|dot\|svg\]/);
});

test('usage errors: message and usage on stderr, nothing on stdout, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [[], /missing command/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['compil', 'x.lb'], /Did you mean 'compile'/],
    [['check', '--bogus', 'x.lb'], /unknown option '--bogus' for 'check'/],
    [['compile', 'examples/case1-roundrobin.lb'], /needs an output directory/],
    [['check'], /at least one \.lb file/],
    [['check', '--format', 'yaml', 'x.lb'], /--format must be 'text', 'json', 'sarif' or 'github', not 'yaml'/],
    [['check', '--max-warnings', 'x', 'a.lb'], /--max-warnings needs a whole number/],
    [['graph'], /'graph' needs exactly one \.lb file, got 0/],
    [['graph', 'a.lb', 'b.lb'], /got 2/],
    [['graph', '--format', 'png', 'a.lb'], /--format must be 'mermaid', 'dot' or 'svg', not 'png'/],
  ];
  for (const [args, message] of cases) {
    const r = lb(args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.match(r.stderr, /Usage/);
    assert.is(r.stdout, '');
  }
});

test('a FILE that does not exist: clear message, exit 2, for check and compile', () => {
  const check = lb(['check', 'no/such/file.lb']);
  assert.is(check.code, 2);
  assert.is(check.stderr, "lb: cannot read 'no/such/file.lb': no such file\n");
  const dir = tempDir('nofile');
  const compile = lb(['compile', 'no/such/file.lb', '-o', join(dir, 'out')]);
  assert.is(compile.code, 2);
  assert.match(compile.stderr, /cannot read 'no\/such\/file\.lb': no such file/);
  assert.equal(snapshot(dir), {});
  // compile takes files only; check also takes directories (test/cli/check.test.ts).
  assert.match(lb(['compile', 'examples', '-o', join(dir, 'out')]).stderr, /cannot read 'examples': is a directory/);
});

test('check: examples are free of errors (exit 0), a broken file is not (exit 1)', () => {
  for (const name of EXAMPLES) {
    const r = lb(['check', `examples/${name}.lb`]);
    assert.is(r.code, 0, `${name}:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /(^|\n)0 errors, .* in \d+ files?\n$/);
  }
  const r = lb(['check', BROKEN]);
  assert.is(r.code, 1);
  assert.match(r.stdout, /(^|\n)[1-9]\d* errors?, /);
});

test('check --format json: schema, sorted, exact 1-based range of the unknown backend', () => {
  const r = lb(['check', '--format', 'json', BROKEN]);
  assert.is(r.code, 1);
  assert.is(r.stderr, '');
  const data = JSON.parse(r.stdout) as {
    file: string;
    code: string;
    severity: string;
    message: string;
    range: { start: { line: number; column: number }; end: { line: number; column: number } };
  }[];
  const position = { type: 'object', additionalProperties: false, required: ['line', 'column'], properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } } };
  const range = { type: 'object', additionalProperties: false, required: ['start', 'end'], properties: { start: position, end: position } };
  const schema = {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['file', 'code', 'severity', 'message', 'range', 'related'],
      properties: {
        file: { type: 'string' },
        code: { type: 'string', pattern: '^LB[0-9]{4}$' },
        severity: { enum: ['error', 'warning', 'info'] },
        message: { type: 'string', minLength: 1 },
        range,
        related: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['file', 'message', 'range'], properties: { file: { type: 'string' }, message: { type: 'string' }, range } },
        },
      },
    },
  };
  const validate = new Ajv({ allErrors: true }).compile(schema);
  assert.ok(validate(data), JSON.stringify(validate.errors));

  // Where `ap` is in the fixture, computed from its text rather than written down.
  const lines = readFileSync(join(ROOT, BROKEN), 'utf8').split('\n');
  const line = lines.findIndex((l) => /^\s*default ap$/.test(l)) + 1;
  const column = lines[line - 1].indexOf('ap') + 1;
  const unknown = data.find((d) => d.code === 'LB1003');
  assert.ok(unknown, `no LB1003 in ${r.stdout}`);
  assert.is(unknown!.file, BROKEN, 'paths are shown as given on the command line');
  assert.is(unknown!.severity, 'error');
  assert.equal(unknown!.range, { start: { line, column }, end: { line, column: column + 2 } });

  const order = data.map((d) => [d.file, d.range.start.line, d.range.start.column] as const);
  const sorted = [...order].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
  assert.equal(order, sorted, 'diagnostics are sorted by file and position');
});

test('check text output: golden (header, code frame, summary), no colour when not a terminal', () => {
  const r = lb(['check', BROKEN]);
  assert.not.ok(r.stdout.includes('\u001b['));
  expectGolden(join(ROOT, 'test/cli/fixtures/broken.check.txt'), r.stdout);
  assert.match(r.stdout, /test\/cli\/fixtures\/broken\.lb:13:11: error LB1003: /);
  assert.ok(r.stdout.includes(' 13 |   default ap\n    |           ^~\n'), r.stdout);
  assert.match(r.stdout, /\n\d+ errors?, \d+ warnings?.* in 1 file\n$/);
});

test('colour on a terminal (through script(1)), none with NO_COLOR', () => {
  const script = spawnSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' });
  if (script.status !== 0) return console.log('  (skipped: script(1) not installed)');
  ensureBuilt();
  const command = `${process.execPath} ${LB_CJS} check ${BROKEN}`;
  const tty = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: baseEnv({ TERM: 'xterm' }), encoding: 'utf8' });
  assert.ok(tty.stdout.includes('\u001b[1m\u001b[31merror LB1003'), JSON.stringify(tty.stdout));
  const noColor = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: baseEnv({ TERM: 'xterm', NO_COLOR: '1' }), encoding: 'utf8' });
  assert.ok(noColor.stdout.includes('error LB1003'));
  assert.not.ok(noColor.stdout.includes('\u001b['));
});

test('the lb check sample in README.md is what lb check prints', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const prompt = `$ npx lb check ${BROKEN}\n`;
  const start = readme.indexOf(prompt);
  assert.ok(start >= 0, 'README.md shows lb check on the broken fixture');
  const sample = readme.slice(start + prompt.length, readme.indexOf('```', start));
  assert.fixture(sample, lb(['check', BROKEN]).stdout);
});

test('compile of each example writes exactly the documented layout and lists it on stdout', () => {
  for (const name of EXAMPLES) {
    const dir = join(tempDir(name), 'out');
    const r = lb(['compile', `examples/${name}.lb`, '-o', dir]);
    assert.is(r.code, 0, `${name}: ${r.stderr}`);
    assert.equal(listFiles(dir), LAYOUT[name], name);
    assert.equal(r.stdout.trim().split('\n').sort(), LAYOUT[name].map((p) => `${dir}/${p}`).sort());
    for (const file of LAYOUT[name]) assert.ok(readFileSync(join(dir, file), 'utf8').endsWith('\n'));
  }
});

test('several FILEs: each one gets its own sub-directory', () => {
  const dir = tempDir('multi');
  const r = lb(['compile', 'examples/case1-roundrobin.lb', 'examples/case2-ha-kubernetes.lb', '-o', dir]);
  assert.is(r.code, 0, r.stderr);
  assert.equal(listFiles(dir), [
    ...LAYOUT['case1-roundrobin'].map((p) => `case1-roundrobin/${p}`),
    ...LAYOUT['case2-ha-kubernetes'].map((p) => `case2-ha-kubernetes/${p}`),
  ]);
});

test('secrets: the file holding one is 0600, others 0644; the value never reaches the terminal', () => {
  const password = 'pw-from-env-4711';
  const env = baseEnv({ STATS_PASSWORD: password, VRRP_PASS: 'vrrp-pw1' });
  const one = tempDir('secret1');
  const r1 = lb(['compile', 'examples/case1-roundrobin.lb', '-o', one], { env });
  assert.is(r1.code, 0, r1.stderr);
  assert.ok(readFileSync(join(one, 'haproxy.cfg'), 'utf8').includes(password), 'the stats password is written where it is needed');
  assert.is(modeOf(join(one, 'haproxy.cfg')), 0o600);
  assert.not.ok(r1.stdout.includes(password) || r1.stderr.includes(password));

  const two = tempDir('secret2');
  const r2 = lb(['compile', 'examples/case2-ha-kubernetes.lb', '-o', two], { env });
  assert.is(r2.code, 0, r2.stderr);
  for (const host of ['lb1', 'lb2']) {
    assert.ok(readFileSync(join(two, host, 'keepalived.conf'), 'utf8').includes('vrrp-pw1'));
    assert.is(modeOf(join(two, host, 'keepalived.conf')), 0o600, `${host}/keepalived.conf`);
    assert.is(modeOf(join(two, host, 'haproxy.cfg')), 0o600, `${host}/haproxy.cfg has the stats password`);
  }
  assert.not.ok(readFileSync(join(two, 'prod.yaml'), 'utf8').includes(password));
  assert.is(modeOf(join(two, 'prod.yaml')), 0o644);
});

/** An output directory with a sentinel and outputs of an earlier run. */
function prefilled(label: string): string {
  const dir = tempDir(label);
  writeFileSync(join(dir, 'sentinel.txt'), 'not lb output: must survive every compile\n');
  writeFileSync(join(dir, 'haproxy.cfg'), '# old output\n', { mode: 0o644 });
  mkdirSync(join(dir, 'lb1'));
  writeFileSync(join(dir, 'lb1', 'haproxy.cfg'), '# old lb1 output\n', { mode: 0o600 });
  return dir;
}

test('atomic compile: an error leaves DIR byte-identical (exit 1); a good compile then replaces the outputs', () => {
  const dir = prefilled('atomic');
  const before = snapshot(dir);
  const bad = lb(['compile', BROKEN, '-o', dir]);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /error LB1003/);
  assert.match(bad.stderr, /nothing written/);
  assert.is(bad.stdout, '');
  assert.equal(snapshot(dir), before);

  // One good FILE and one bad FILE: still nothing.
  const mixed = lb(['compile', 'examples/case1-roundrobin.lb', BROKEN, '-o', dir]);
  assert.is(mixed.code, 1);
  assert.equal(snapshot(dir), before);

  const good = lb(['compile', 'examples/case1-roundrobin.lb', '-o', dir]);
  assert.is(good.code, 0, good.stderr);
  const after = snapshot(dir);
  assert.is(after['sentinel.txt'].content, before['sentinel.txt'].content);
  assert.is.not(after['haproxy.cfg'].content, before['haproxy.cfg'].content);
  assert.match(after['haproxy.cfg'].content, /backend application_nodes/);
  assert.equal(after['lb1/haproxy.cfg'], before['lb1/haproxy.cfg'], 'files the program does not produce are left alone');
  assert.equal(Object.keys(after).sort(), Object.keys(before).sort(), 'no temporary file is left behind');
});

test('an unset env() without default blocks output (LB1014): exit 1, DIR unchanged; set, it compiles', () => {
  const dir = prefilled('env');
  const before = snapshot(dir);
  const blocked = lb(['compile', NEEDS_ENV, '-o', dir]);
  assert.is(blocked.code, 1);
  assert.match(blocked.stderr, /LB1014/);
  assert.match(blocked.stderr, /nothing written/);
  assert.equal(snapshot(dir), before);
  // `check` reports it as a warning only.
  assert.is(lb(['check', NEEDS_ENV]).code, 0);

  const ok = lb(['compile', NEEDS_ENV, '-o', dir], { env: baseEnv({ LB_TEST_UNSET_PASSWORD: 'set-now' }) });
  assert.is(ok.code, 0, ok.stderr);
  assert.is(modeOf(join(dir, 'haproxy.cfg')), 0o600);
});

test('an IO error is exit 2 with the reason, and leaves nothing behind', () => {
  const dir = tempDir('io');
  writeFileSync(join(dir, 'not-a-dir'), 'x\n');
  const before = snapshot(dir);
  const r = lb(['compile', 'examples/case2-ha-kubernetes.lb', '-o', join(dir, 'not-a-dir')]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /cannot write to .*not-a-dir/);
  assert.equal(snapshot(dir), before);
});

test('bin/lb.cjs (what npx lb runs) behaves as the bundle', () => {
  const r = spawnSync(process.execPath, [join(DSL, 'bin/lb.cjs'), 'check', 'examples/case1-roundrobin.lb'], { cwd: ROOT, env: baseEnv(), encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /0 errors/);
});

test('bin/lb.cjs without a bundle: says to run npm run build, exit 2', () => {
  const dir = tempDir('shim');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin', 'lb.cjs'), readFileSync(join(DSL, 'bin/lb.cjs')));
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'lb.cjs'), '--version'], { env: baseEnv(), encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.match(r.stderr, /run `npm run build`/);
});

test.run();
