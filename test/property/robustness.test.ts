/**
 * Any text, real or random: parse, check and compile never throw, finish within a bound, and report well-formed
 * diagnostics whose spans lie inside their file. A modest number of runs here; `npm run fuzz` runs the long campaign.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { anyText, corpus, mutatedCorpus } from './arbitraries.ts';
import { robustnessProblem } from './robustness.ts';

const RUNS = Number(process.env.LB_PROPERTY_RUNS ?? 120);
const files = corpus();

test('every example and fixture .lb file passes the robustness property as it is', () => {
  assert.ok(files.length > 50, `expected the examples and fixtures, found ${files.length} files`);
  for (const { path, text } of files) {
    const problem = robustnessProblem(text);
    assert.is(problem, undefined, `${path}: ${problem}`);
  }
});

test('random text never breaks parse, check or compile', () => {
  fc.assert(fc.property(anyText, (text) => robustnessProblem(text) === undefined), { numRuns: RUNS });
});

test('random edits of real files never break parse, check or compile', () => {
  fc.assert(fc.property(mutatedCorpus(files), (text) => robustnessProblem(text) === undefined), { numRuns: RUNS });
});

test('the robustness property can fail: an out-of-file span is reported', () => {
  // Guard against a vacuous property: feed it a checker result it must reject.
  const problem = robustnessProblem('backend b {\n  server s 127.0.0.1:1\n}\n', -1);
  assert.match(problem ?? '', /took \d+ ms/);
});

test.run();
