/**
 * Golden before/after pairs: test/fixtures/format/<case>/input.lb formats to expected.lb, and expected.lb is
 * already formatted (a fixed point). `UPDATE=1` rewrites expected.lb.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { format } from '../../packages/dsl/src/format/index.ts';
import { expectGolden } from '../helpers/golden.ts';

const root = join(import.meta.dirname, '..', 'fixtures', 'format');

const cases = readdirSync(root)
  .sort()
  .filter((name) => statSync(join(root, name)).isDirectory());

test('there are golden cases', () => {
  assert.ok(cases.length >= 8, `only ${cases.length} cases in ${root}`);
});

for (const name of cases) {
  test(`format golden ${name}`, () => {
    const dir = join(root, name);
    const input = readFileSync(join(dir, 'input.lb'), 'utf8');
    const result = format(input, `${name}/input.lb`);
    assert.equal(result.diagnostics, [], 'a golden input must parse cleanly');
    assert.ok(result.changed, 'a golden input should need formatting (otherwise it tests nothing)');
    expectGolden(join(dir, 'expected.lb'), result.text);
    const again = format(result.text, `${name}/expected.lb`);
    assert.is(again.changed, false, 'the expected output must be a fixed point');
    assert.is(again.text, result.text);
  });
}

test.run();
