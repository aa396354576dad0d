import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RULES } from '../packages/dsl/src/diagnostics/codes.ts';

const rulesDoc = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');

test('every code in the catalogue has a section in docs/rules.md with its severity', () => {
  for (const rule of RULES.values()) {
    const at = rulesDoc.indexOf(`### ${rule.code} ${rule.title}`);
    assert.ok(at >= 0, `docs/rules.md lacks "### ${rule.code} ${rule.title}"`);
    const body = rulesDoc.slice(at, rulesDoc.indexOf('\n### ', at + 1) >>> 0);
    assert.ok(body.includes(`Severity: **${rule.severity}**`), `${rule.code}: severity in docs differs`);
  }
});

test('docs/rules.md documents no code that the catalogue lacks', () => {
  for (const m of rulesDoc.matchAll(/^### (LB\d{4})/gm)) assert.ok(RULES.has(m[1]), `${m[1]} is documented but not in codes.ts`);
});

test.run();
