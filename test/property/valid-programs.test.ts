/**
 * Generated valid programs compile cleanly and every emitted haproxy.cfg passes `haproxy -c -dW`, every
 * keepalived.conf `keepalived -t` (in a throwaway netns). Few runs: each one starts several real processes.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { haproxyAvailable } from '../helpers/haproxy.ts';
import { programSource, programSpec, validProgramProblem } from './valid-program.ts';

const RUNS = Number(process.env.LB_PROPERTY_VALID_RUNS ?? 15);

test('generated valid programs pass haproxy -c -dW and keepalived -t', () => {
  assert.ok(haproxyAvailable(), 'haproxy must be installed (see testing-recipes.md §1)');
  fc.assert(
    fc.property(programSpec, (spec) => {
      const problem = validProgramProblem(programSource(spec));
      if (problem) throw new Error(problem);
    }),
    { numRuns: RUNS },
  );
});

test('the generator covers vrrp pairs, stats pages and several backends', () => {
  const specs = fc.sample(programSpec, { numRuns: 200, seed: 42 });
  assert.ok(specs.some((s) => s.pairs.length === 2));
  assert.ok(specs.some((s) => s.stats?.admin));
  assert.ok(specs.some((s) => s.backends.length >= 3 && s.mode === 'http'));
  assert.ok(specs.some((s) => s.mode === 'tcp'));
});

test.run();
