import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseArgs } from '../../packages/dsl/src/cli/args.ts';

const ok = (argv: string[]) => {
  const r = parseArgs(argv);
  if (!r.ok) throw new Error(`expected ${argv.join(' ')} to parse, got: ${r.message}`);
  return r.invocation;
};
const fail = (argv: string[]) => {
  const r = parseArgs(argv);
  if (r.ok) throw new Error(`expected ${argv.join(' ')} to be refused`);
  return r;
};

test('compile: files and -o in any order, all spellings of the output option', () => {
  assert.equal(ok(['compile', 'a.lb', '-o', 'out']), { kind: 'compile', files: ['a.lb'], outDir: 'out' });
  assert.equal(ok(['compile', '-o', 'out', 'a.lb', 'b.lb']), { kind: 'compile', files: ['a.lb', 'b.lb'], outDir: 'out' });
  assert.equal(ok(['compile', '--out=out', 'a.lb']), { kind: 'compile', files: ['a.lb'], outDir: 'out' });
  assert.equal(ok(['compile', '--out', 'o', 'a.lb']), { kind: 'compile', files: ['a.lb'], outDir: 'o' });
  assert.equal(ok(['compile', '-oout', 'a.lb']), { kind: 'compile', files: ['a.lb'], outDir: 'out' });
  assert.equal(ok(['compile', '-o', 'out', '--', '-weird.lb']), { kind: 'compile', files: ['-weird.lb'], outDir: 'out' });
});

test('check: format defaults to text; json, sarif, github accepted; anything else refused', () => {
  assert.equal(ok(['check', 'a.lb']), { kind: 'check', files: ['a.lb'], format: 'text' });
  assert.equal(ok(['check', '--format', 'json', 'a.lb']), { kind: 'check', files: ['a.lb'], format: 'json' });
  assert.equal(ok(['check', 'a.lb', '--format=text']), { kind: 'check', files: ['a.lb'], format: 'text' });
  assert.equal(ok(['check', 'dir/', 'b.lb', '--format=sarif']), { kind: 'check', files: ['dir/', 'b.lb'], format: 'sarif' });
  assert.equal(ok(['check', '--format', 'github', '.']), { kind: 'check', files: ['.'], format: 'github' });
  assert.is(fail(['check', '--format', 'xml', 'a.lb']).message, "--format must be 'text', 'json', 'sarif' or 'github', not 'xml'");
});

test('check --max-warnings: a whole number, 0 included; given only when asked', () => {
  assert.equal(ok(['check', '--max-warnings', '0', 'a.lb']), { kind: 'check', files: ['a.lb'], format: 'text', maxWarnings: 0 });
  assert.equal(ok(['check', 'a.lb', '--max-warnings=25', '--format', 'json']), { kind: 'check', files: ['a.lb'], format: 'json', maxWarnings: 25 });
  for (const bad of ['-1', '1.5', 'ten', '1e3', ' 3']) {
    assert.match(fail(['check', `--max-warnings=${bad}`, 'a.lb']).message, /--max-warnings needs a whole number|needs a value/, bad);
  }
  assert.match(fail(['check', 'a.lb', '--max-warnings']).message, /'--max-warnings' needs a value/);
});

test('graph: one file, mermaid by default, dot and svg on request', () => {
  assert.equal(ok(['graph', 'a.lb']), { kind: 'graph', file: 'a.lb', format: 'mermaid' });
  assert.equal(ok(['graph', '--format', 'dot', 'a.lb']), { kind: 'graph', file: 'a.lb', format: 'dot' });
  assert.equal(ok(['graph', 'a.lb', '--format=svg']), { kind: 'graph', file: 'a.lb', format: 'svg' });
  assert.is(fail(['graph', '--format', 'json', 'a.lb']).message, "--format must be 'mermaid', 'dot' or 'svg', not 'json'");
  assert.match(fail(['graph']).message, /exactly one/);
  assert.match(fail(['graph', 'a.lb', 'b.lb']).message, /exactly one/);
  assert.match(fail(['graph', '--max-warnings', '1', 'a.lb']).message, /unknown option '--max-warnings' for 'graph'/);
  assert.equal(ok(['help', 'graph']), { kind: 'help', topic: 'graph' });
});

test('help and version in every documented form', () => {
  assert.equal(ok(['--help']), { kind: 'help' });
  assert.equal(ok(['-h']), { kind: 'help' });
  assert.equal(ok(['help']), { kind: 'help' });
  assert.equal(ok(['help', 'compile']), { kind: 'help', topic: 'compile' });
  assert.equal(ok(['compile', '--help']), { kind: 'help', topic: 'compile' });
  assert.equal(ok(['check', 'x.lb', '-h']), { kind: 'help', topic: 'check' });
  assert.equal(ok(['--version']), { kind: 'version' });
  assert.equal(ok(['-V']), { kind: 'version' });
});

test('usage errors say what is wrong, with a suggestion when there is a close one', () => {
  assert.match(fail([]).message, /missing command/);
  assert.match(fail(['compil', 'a.lb']).message, /unknown command 'compil'\. Did you mean 'compile'\?/);
  assert.is(fail(['frobnicate']).message, "unknown command 'frobnicate'");
  assert.match(fail(['--bogus']).message, /unknown option '--bogus'/);
  const flag = fail(['check', '--fromat', 'json', 'a.lb']);
  assert.match(flag.message, /unknown option '--fromat' for 'check'\. Did you mean '--format'\?/);
  assert.is(flag.topic, 'check');
  assert.match(fail(['check', '-o', 'out', 'a.lb']).message, /unknown option '-o' for 'check'/);
  assert.match(fail(['compile', 'a.lb']).message, /-o DIR/);
  assert.match(fail(['compile', 'a.lb', '-o']).message, /'-o' needs a value/);
  assert.match(fail(['compile', 'a.lb', '-o', '--out', 'x']).message, /'-o' needs a value/);
  assert.match(fail(['compile', '-o', 'out']).message, /at least one \.lb file/);
  assert.match(fail(['compile', '-o', 'a', '-o', 'b', 'x.lb']).message, /given twice/);
  assert.match(fail(['help', 'nope']).message, /unknown command 'nope'/);
});

test.run();
