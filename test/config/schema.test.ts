import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RULES } from '../../packages/dsl/src/diagnostics/codes.ts';
import { parseProjectConfig } from '../../packages/dsl/src/config/index.ts';
import { projectConfigSchema } from '../../packages/dsl/src/config/schema.ts';
import { expectGolden } from '../helpers/golden.ts';

// ajv is CommonJS; depending on the loader the class is the module itself or its `default`.
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof AjvModule;
const schemaPath = new URL('../../docs/lb.schema.json', import.meta.url).pathname;

test('docs/lb.schema.json is the schema built from the catalogue (UPDATE=1 rewrites it)', () => {
  expectGolden(schemaPath, JSON.stringify(projectConfigSchema(), null, 2) + '\n');
});

test("the schema's rule codes are exactly the catalogue", () => {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  assert.equal(Object.keys(schema.properties.rules.properties).sort(), [...RULES.keys()].sort());
});

test('the schema accepts exactly the lb.json files that lb accepts', () => {
  const validate = new Ajv({ strict: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  const samples = [
    {},
    { $schema: './lb.schema.json', rules: { LB2006: 'off', LB2015: 'error', LB1024: 'info' } },
    { rules: { LB1014: 'error' } },
    { rules: { LB1014: 'info' } },
    { rules: { LB0002: 'off' } },
    { rules: { LB0002: 'error' } },
    { rules: { LB2006: 'none' } },
    { rules: { LB9999: 'off' } },
    { rules: { LB2006: 1 } },
    { rules: [] },
    { rule: {} },
    { $schema: 3 },
  ];
  let accepted = 0;
  for (const sample of samples) {
    const byLb = parseProjectConfig(JSON.stringify(sample), 'lb.json').diagnostics.length === 0;
    assert.is(validate(sample), byLb, JSON.stringify(sample));
    if (byLb) accepted++;
  }
  assert.ok(accepted >= 3 && accepted < samples.length, 'the samples cover both outcomes');
});

test.run();
