/**
 * parseIncremental takes its fast path for the edits of someone typing, keeps what it can from the previous result
 * (the very same objects where nothing moved), never changes that result, and says why when it parses the whole file.
 */
import { deepStrictEqual } from 'node:assert';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { editorDocument } from '../../bench/generate.ts';
import { parse, type ParseResult } from '../../packages/dsl/src/syntax/index.ts';
import { parseIncremental, type IncrementalStats, type ParsedText } from '../../packages/dsl/src/syntax/incremental.ts';

const FILE = 'editor.lb';
const DOCUMENT = editorDocument(2_000);

function first(text: string): ParsedText {
  return { text, file: FILE, result: parseIncremental(undefined, text, FILE) };
}

/** Re-parses `next` from `previous`, checks it equals a full parse, and returns the result and the stats. */
function reparse(previous: ParsedText, next: string): { result: ParseResult; stats: IncrementalStats } {
  const stats: IncrementalStats = { path: 'full' };
  const result = parseIncremental(previous, next, FILE, stats);
  deepStrictEqual(result, parse(next, FILE));
  return { result, stats };
}

function insertAt(text: string, marker: string, insert: string, remove = 0): string {
  const at = text.indexOf(marker);
  assert.ok(at >= 0, `marker ${marker} not found`);
  return text.slice(0, at) + insert + text.slice(at + remove);
}

test('typing one character re-parses one statement and reuses the others', () => {
  const previous = first(DOCUMENT);
  const next = insertAt(DOCUMENT, 'weight 2 maxconn 200\n  server  svc40-2', '0');
  const { result, stats } = reparse(previous, next);
  assert.is(stats.path, 'incremental');
  const range = stats.reparsed!;
  assert.ok(range.end - range.start < 1_200, `re-parsed ${range.end - range.start} characters`);
  assert.ok(stats.reusedItems! >= result.ast.items.length - 3, `reused ${stats.reusedItems} of ${result.ast.items.length}`);
});

test('items before the edit are shared; items after are shared too when nothing moved, copies when it did', () => {
  const previous = first(DOCUMENT);
  const at = DOCUMENT.indexOf('backend svc30');
  const oldItems = previous.result.ast.items;
  const index = oldItems.findIndex((item) => item.span.start === at);
  // Same length: `roundrobin` -> `leastconns` keeps every offset.
  const sameLength = insertAt(DOCUMENT.slice(at), 'roundrobin', 'leastconns', 10);
  const replaced = reparse(previous, DOCUMENT.slice(0, at) + sameLength);
  assert.is(replaced.stats.path, 'incremental');
  assert.ok(replaced.result.ast.items[index - 1] === oldItems[index - 1]);
  assert.ok(replaced.result.ast.items[index + 2] === oldItems[index + 2]);
  assert.ok(replaced.result.ast.items[index] !== oldItems[index]);
  // One character longer: later items are new objects, one character further on.
  const longer = reparse(previous, DOCUMENT.slice(0, at) + insertAt(DOCUMENT.slice(at), 'roundrobin', 'x'));
  assert.ok(longer.result.ast.items[index - 1] === oldItems[index - 1]);
  assert.ok(longer.result.ast.items[index + 2] !== oldItems[index + 2]);
  assert.is(longer.result.ast.items[index + 2].span.start, oldItems[index + 2].span.start + 1);
});

test('the previous result is never changed', () => {
  const previous = first(DOCUMENT);
  const snapshot = structuredClone(previous.result);
  let current = previous;
  for (const [marker, insert, remove] of [
    ['backend svc10', 'x', 0],
    ['"/health"', '"', 1],
    ['frontend web3 ', '{\n', 0],
    ['maxconn 5000', '', 4],
  ] as const) {
    const next = insertAt(current.text, marker, insert, remove);
    current = { text: next, file: FILE, result: reparse(current, next).result };
  }
  deepStrictEqual(previous.result, snapshot);
});

test('syntax errors while typing keep the fast path, with the diagnostics a full parse gives', () => {
  let current = first(DOCUMENT);
  const steps: [string, string, number][] = [
    ['  timeout server 45s\n}\n\nfrontend web12', '  server x 10.0.0.', 0], // half-typed line
    ['"svc20"', '"svc20', 7], // the closing quote deleted
    ['frontend web25 {', 'let = 5\n', 0], // a statement missing its name
    ['route   svc22 when path', 'route   svc22 ((', 13], // open parenthesis
  ];
  for (const [marker, insert, remove] of steps) {
    const next = insertAt(current.text, marker, insert, remove);
    const { result, stats } = reparse(current, next);
    assert.is(stats.path, 'incremental', `${JSON.stringify(insert)}: ${stats.reason}`);
    current = { text: next, file: FILE, result };
  }
  assert.is(current.result.diagnostics.length, 4, JSON.stringify(current.result.diagnostics.map((d) => d.message)));
});

test('diagnostics after the edit move with it, and "opened at line N" follows the lines', () => {
  const text = `${DOCUMENT}backend unfinished {\n  server a 10.0.0.1:80\n\nfrontend tail {\n  bind :80\n}\n`;
  const previous = first(text);
  assert.ok(previous.result.diagnostics.some((d) => / opened at line \d+$/.test(d.message)));
  const next = insertAt(text, 'backend svc5 ', '\n\n');
  const { result, stats } = reparse(previous, next);
  assert.is(stats.path, 'incremental', stats.reason);
  const line = (r: ParseResult) => Number(/ opened at line (\d+)$/.exec(r.diagnostics.find((d) => / opened at line/.test(d.message))!.message)![1]);
  assert.is(line(result), line(previous.result) + 2);
});

test('the same text returns the previous result itself', () => {
  const previous = first(DOCUMENT);
  assert.ok(parseIncremental(previous, DOCUMENT, FILE) === previous.result);
});

test('without a usable previous parse, the whole file is parsed, and the reason is given', () => {
  const cases: [ParsedText | undefined, string, RegExp][] = [
    [undefined, FILE, /no previous/],
    [{ text: DOCUMENT, file: FILE, result: parse(DOCUMENT, FILE) }, FILE, /not made by parseIncremental/],
    [first(DOCUMENT), 'other.lb', /another file/],
  ];
  for (const [previous, file, reason] of cases) {
    const stats: IncrementalStats = { path: 'incremental' };
    const next = `${DOCUMENT}# more\n`;
    deepStrictEqual(parseIncremental(previous, next, file, stats), parse(next, file));
    assert.is(stats.path, 'full');
    assert.match(stats.reason ?? '', reason);
  }
});

test('a result made by the fast path can itself be the previous one, edit after edit', () => {
  let current = first(DOCUMENT);
  let fast = 0;
  for (let i = 0; i < 40; i++) {
    const at = Math.floor(((i * 7919) % 1000) / 1000 * current.text.length);
    const next = current.text.slice(0, at) + (i % 3 === 0 ? '' : 'k') + current.text.slice(at + (i % 3 === 0 ? 1 : 0));
    const { result, stats } = reparse(current, next);
    if (stats.path === 'incremental') fast++;
    current = { text: next, file: FILE, result };
  }
  assert.ok(fast >= 36, `${fast} of 40 edits took the fast path`);
});

test.run();
