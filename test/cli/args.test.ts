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

test('check: format defaults to text; json accepted; anything else refused', () => {
  assert.equal(ok(['check', 'a.lb']), { kind: 'check', files: ['a.lb'], format: 'text' });
  assert.equal(ok(['check', '--format', 'json', 'a.lb']), { kind: 'check', files: ['a.lb'], format: 'json' });
  assert.equal(ok(['check', 'a.lb', '--format=text']), { kind: 'check', files: ['a.lb'], format: 'text' });
  assert.match(fail(['check', '--format', 'xml', 'a.lb']).message, /text.*json/);
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
