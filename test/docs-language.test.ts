/** Every ```lb example in the user docs parses without a syntax error, so the docs cannot drift from the grammar. */
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../packages/dsl/src/index.ts';

const docs = ['docs/language.md', ...readdirSync('docs').filter((f) => f.endsWith('.md') && f !== 'language.md').map((f) => `docs/${f}`)];

for (const path of docs) {
  test(`${path}: lb examples parse`, () => {
    const text = readFileSync(path, 'utf8');
    const blocks = [...text.matchAll(/```lb\n([\s\S]*?)```/g)].map((m) => m[1]);
    for (const [i, block] of blocks.entries()) {
      const { diagnostics } = parse(block, `${path}#${i}`);
      assert.equal(diagnostics.map((d) => d.message), [], `example ${i + 1} in ${path}:\n${block}`);
    }
  });
}

test('docs/language.md has examples at all', () => {
  assert.ok((readFileSync('docs/language.md', 'utf8').match(/```lb\n/g) ?? []).length >= 10);
});

test.run();
