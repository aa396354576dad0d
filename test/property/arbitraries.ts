/**
 * Random inputs for the property tests: arbitrary text, mutations of real `.lb` files (the examples and every
 * fixture input), so most inputs get past the lexer and exercise the parser, the evaluator, the checks and the
 * emitters rather than failing on the first character.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';

export const ROOT = resolve(import.meta.dirname, '../..');

/** examples/*.lb and test/fixtures/**\/input.lb (and other fixture .lb files), by repository-relative path. */
export function corpus(): { path: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.lb') && !path.includes(`${join('fixtures', 'fuzz')}`)) files.push(path);
    }
  };
  walk(join(ROOT, 'examples'));
  walk(join(ROOT, 'test', 'fixtures'));
  return files.map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
}

/** Pieces of the language and of its neighbours' syntax that are likely to reach deep code when spliced in. */
const FRAGMENTS = [
  '{', '}', '"', '${', '${x}', '\\', '\n', '\r\n', '\r', '\t', ';', ',', '#', '!', '\u0000', '..', ':', '/', '[', ']', '(', ')',
  'let x = ', 'fn f(a) = a', 'for i in 1..3 ', 'if true ', 'else ', 'import "./x.lb"', 'import "main.lb"', 'env("S")', 'secret(env("S"))',
  'backend b ', 'frontend f ', 'server s 127.0.0.1:1', 'bind *:80', 'default b', 'route r when path prefix "/a"', 'stats ', 'listen l ',
  'host h ', 'vrrp v ', 'cluster c ', 'node n 10.0.0.1 roles control-plane, etcd', 'vip 10.0.0.100/24', 'router-id 300', 'members h priority 1',
  'timeout connect 1s', 'raw "x"', '%[src]', '999999999999999999999', '-1', '1e309', '0.0.0.0/0', '::', '[::1]:80', '1..100000', 'v1.28.8',
  'for i in 1..100000 { for j in 1..100000 { } }', 'fn r(n) = r(n)', 'r(1)', '"\\u{1F600}"', '\u2028', '\ufeff', '\ud800', 'é', '𝔘',
];

/** Random text: unicode, control characters and language fragments mixed. */
export const anyText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
      { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
      { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('{', '}', '"', '\\', '$', '\n', ' ', 'a', '1', '.', ':'), maxLength: 12 }) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }), to: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

export function applyMutation(text: string, m: Mutation): string {
  const n = text.length + 1;
  const at = m.at % n;
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'duplicate': {
      const piece = text.slice(at, at + m.length);
      const to = m.to % n;
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 'truncate':
      return text.slice(0, at);
  }
}

/** A real `.lb` file with a few random edits. */
export function mutatedCorpus(files: { path: string; text: string }[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...files.map((f) => f.text)), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([text, edits]) => edits.reduce(applyMutation, text));
}
