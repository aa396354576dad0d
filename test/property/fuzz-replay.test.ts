/** Replays every input `npm run fuzz` ever found (test/fixtures/fuzz): each must now pass its property. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadFixtures } from './fuzz-fixtures.ts';
import { injectionProblem, SLOTS } from './injection.ts';
import { robustnessProblem } from './robustness.ts';
import { validProgramProblem } from './valid-program.ts';

const fixtures = loadFixtures();

test('fuzz fixtures are well formed', () => {
  for (const { name, fixture } of fixtures) {
    assert.ok(['robustness', 'valid-program', 'injection'].includes(fixture.property), `${name}: unknown property ${fixture.property}`);
    if (fixture.property === 'injection') assert.ok(SLOTS.some((s) => s.name === fixture.slot), `${name}: unknown slot ${fixture.slot}`);
  }
});

for (const { name, fixture } of fixtures) {
  test(`fuzz fixture ${name} (${fixture.property})`, () => {
    let problem: string | undefined;
    if (fixture.property === 'robustness') problem = robustnessProblem(fixture.text);
    else if (fixture.property === 'valid-program') problem = validProgramProblem(fixture.text);
    else problem = injectionProblem(SLOTS.find((s) => s.name === fixture.slot)!, fixture.value, fixture.delivery);
    if (problem && fixture.open && /took \d+ ms/.test(problem)) {
      console.log(`  open finding ${name}: ${problem} (${fixture.open})`);
      return;
    }
    assert.is(problem, undefined, `${name}: ${problem}`);
  });
}

test.run();
