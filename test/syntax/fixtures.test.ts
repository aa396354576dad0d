/** Golden fixtures: test/fixtures/syntax/<case>/input.lb -> ast.json and diagnostics.json (UPDATE=1 rewrites). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../packages/dsl/src/syntax/index.ts';
import { expectGolden } from '../helpers/golden.ts';
import { astJson, diagnosticsJson } from './ast-json.ts';

const root = resolve(import.meta.dirname, '../fixtures/syntax');
const fixtures = suite('syntax fixtures');

for (const name of readdirSync(root).sort()) {
  fixtures(name, () => {
    const dir = join(root, name);
    const text = readFileSync(join(dir, 'input.lb'), 'utf8');
    const { ast, diagnostics } = parse(text, 'input.lb');
    expectGolden(join(dir, 'ast.json'), astJson(ast));
    expectGolden(join(dir, 'diagnostics.json'), diagnosticsJson(diagnostics));
    // Cases are named for what they expect: error-* must report something, the others nothing.
    if (name.startsWith('error-')) assert.ok(diagnostics.length > 0, `${name} should report diagnostics`);
    else assert.equal(diagnostics, [], `${name} should parse cleanly`);
  });
}

fixtures.run();
