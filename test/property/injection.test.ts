/**
 * Hostile strings (newlines, CR, quotes, `#`, `!`, backslashes, `${...}`, `%[...]`, NUL, braces...) in every value
 * slot, as literals and through env(): refused with an error, or no generated file changes structure.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { delivery, hostileString, injectionProblem, SLOTS, slotIndex } from './injection.ts';
import { haproxyShape, keepalivedShape, yamlShape } from './structure.ts';

const RUNS = Number(process.env.LB_PROPERTY_RUNS ?? 120) * 2;
const SHARP = ['\n', '\r', '"', "'", '#', '!', '\\', '${X}', '%[src]', '\u0000', '{', '}', ' check', '-f /etc/passwd'];

test('each slot, each sharp character, both deliveries', () => {
  for (const slot of SLOTS) {
    for (const how of ['literal', 'env'] as const) {
      for (const sharp of SHARP) {
        const value = `a${sharp}b`;
        const problem = injectionProblem(slot, value, how);
        assert.is(problem, undefined, `${slot.name} (${how}) = ${JSON.stringify(value)}: ${problem}`);
      }
    }
  }
});

test('random hostile strings in random slots', () => {
  fc.assert(
    fc.property(slotIndex, hostileString, delivery, (i, value, how) => {
      const problem = injectionProblem(SLOTS[i], value, how);
      if (problem) throw new Error(`${SLOTS[i].name} (${how}) = ${JSON.stringify(value)}: ${problem}`);
    }),
    { numRuns: RUNS },
  );
});

test('the tokenizers see an added line, word, comment, expansion or brace', () => {
  const base = 'backend b\n    server s 1.2.3.4:80 check\n';
  assert.is.not(haproxyShape(base).join(), haproxyShape('backend b\n    server s 1.2.3.4:80 check\n    server evil 1.2.3.4:81\n').join());
  assert.is.not(haproxyShape(base).join(), haproxyShape('backend b\n    server s 1.2.3.4:80 check backup\n').join());
  assert.is.not(haproxyShape(base).join(), haproxyShape('backend b\n    server s 1.2.3.4:80 #check\n').join());
  assert.is(haproxyShape(base).join(), haproxyShape("backend b\n    server 's x' 1.2.3.4:80 \"c\\\"k\"\n").join());
  assert.is.not(haproxyShape('    http-request set-header X "a"\n').join(), haproxyShape('    http-request set-header X "${A}"\n').join());
  assert.is(haproxyShape('    acl a path_beg /x\n').join(), haproxyShape("    acl a path_beg -- '-x'\n").join());
  const ka = 'vrrp_instance v {\n    auth_pass abc\n}\n';
  assert.is.not(keepalivedShape(ka).join(), keepalivedShape('vrrp_instance v {\n    auth_pass abc }\n}\n').join());
  assert.is.not(keepalivedShape(ka).join(), keepalivedShape('vrrp_instance v {\n    auth_pass a!bc\n}\n').join());
  assert.is(keepalivedShape(ka).join(), keepalivedShape('vrrp_instance v {\n    auth_pass "a!b c"\n}\n').join());
  assert.is.not(yamlShape('a:\n  b: x\n').join(), yamlShape('a:\n  b: x\n  c: y\n').join());
  assert.is.not(yamlShape('a:\n  b: x\n').join(), yamlShape('a:\n  b: [x]\n').join());
  assert.is(yamlShape('a:\n  b: x\n').join(), yamlShape('a:\n  b: "x: #y"\n').join());
});

test.run();
