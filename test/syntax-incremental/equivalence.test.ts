/**
 * The property of incremental parsing: after any sequence of edits, each re-parsed from the previous incremental
 * result, `parseIncremental` returns exactly what a full `parse` of the new text returns (AST and diagnostics), and
 * never changes a previous result. Texts are the examples, the fixtures and a slice of the language-server benchmark
 * document; edits insert, delete or replace at random offsets with snippets chosen to break brackets, strings, lines
 * and statements. `LB_PROPERTY_RUNS` raises the number of runs.
 */
import fc from 'fast-check';
import { deepStrictEqual } from 'node:assert';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { editorDocument } from '../../bench/generate.ts';
import { parse } from '../../packages/dsl/src/syntax/index.ts';
import { parseIncremental, type IncrementalStats, type ParsedText } from '../../packages/dsl/src/syntax/incremental.ts';
import { corpus } from '../property/arbitraries.ts';

const RUNS = Number(process.env.LB_PROPERTY_RUNS ?? 1500);
const SEED = Number(process.env.LB_PROPERTY_SEED ?? 20261124);
const FILE = 'edited.lb';

const texts = [...corpus().map((f) => f.text), editorDocument(10_000).slice(0, 6_000)];

const SNIPPETS = [
  '{', '}', '(', ')', '[', ']', '"', '#', '\n', ';', ',', ' ', '  ', '=', '+', '-', ':', '.', '*', '${', '\r\n', '\\',
  'backend ', 'server ', 'frontend ', 'let ', 'for ', 'if ', 'fn ', 'else ', 'in ', 'import "x.lb"', 'true',
  '1', '8080', '10.0.0.1', '10.0.0.1:80', '10.0.0.0/24', '::1', '5s', '64KB', 'v1.28.8', '1.5s', '999.1.1.1',
  '}\n', '{\n', '\n}\n', '} else {', 'x(', 'f(1, 2)', '"a ${b} c"', '"unterminated', '# comment\n',
  'backend b {\n  server s 10.0.0.1:80\n}\n', 'let x = [1, 2,\n', 'if x {\n', '@', '§', '```',
];

/** One edit: delete `remove` characters at a relative position and insert `insert` there. */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(120)),
  insert: fc.oneof(
    fc.constantFrom(...SNIPPETS),
    fc.array(fc.constantFrom(...SNIPPETS), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
    fc.constant(''),
  ),
});

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
}

/** Freezes a result deeply, so any later write into it throws (ES modules are strict). */
function freeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) freeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const counts = { incremental: 0, full: 0 };

test('parseIncremental equals parse after random edit sequences, and never writes into a previous result', () => {
  fc.assert(
    fc.property(fc.nat(texts.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
      let text = texts[which];
      let previous: ParsedText = { text, file: FILE, result: freeze(parseIncremental(undefined, text, FILE)) };
      for (const e of edits) {
        text = apply(text, e);
        const stats: IncrementalStats = { path: 'full' };
        const result = parseIncremental(previous, text, FILE, stats);
        counts[stats.path]++;
        deepStrictEqual(result, parse(text, FILE));
        previous = { text, file: FILE, result: freeze(result) };
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
  // Not vacuous: most edits must have taken the incremental path.
  assert.ok(counts.incremental > counts.full * 4, `incremental ${counts.incremental}, full ${counts.full}`);
});

test('the equivalence check can fail: a result with a shifted span is told apart', () => {
  const text = 'backend b {\n  server s 10.0.0.1:80\n}\n';
  const result = parse(text, FILE);
  const wrong = structuredClone(result);
  wrong.ast.items[0].span.end += 1;
  assert.throws(() => deepStrictEqual(wrong, result));
});

test.run();
