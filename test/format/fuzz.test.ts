/**
 * Whitespace fuzzing with a fixed seed: every .lb file of the repository with its blanks, tabs and line breaks
 * randomly changed (spaces removed, doubled, turned into tabs; blank lines and `;` added). Whenever the result still
 * parses, formatting it must succeed (the safety net stays unused) and be idempotent.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { format } from '../../packages/dsl/src/format/index.ts';
import { parse } from '../../packages/dsl/src/syntax/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function lbFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (name.startsWith('.') || name === 'node_modules') return [];
      return statSync(path).isDirectory() ? lbFiles(path) : name.endsWith('.lb') ? [path] : [];
    });
}

test('formatting whitespace-mangled files never fails and is idempotent', () => {
  let seed = 20240611;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const blanks = ['', ' ', '  ', '\t', ' \t '];
  const failures: string[] = [];
  let tried = 0;
  for (const path of [...lbFiles(join(ROOT, 'examples')), ...lbFiles(join(ROOT, 'test'))]) {
    const text = readFileSync(path, 'utf8');
    for (let variant = 0; variant < 6; variant++) {
      const mangled = text
        .replace(/[ \t]+/g, () => blanks[Math.floor(random() * blanks.length)])
        .replace(/\n/g, () => (random() < 0.1 ? '\n\n' : random() < 0.05 ? ';\n' : '\n'));
      if (parse(mangled, path).diagnostics.some((d) => d.severity === 'error')) continue;
      tried++;
      const once = format(mangled, path);
      if (once.diagnostics.length > 0) failures.push(`${path}: ${once.diagnostics[0].message}\n${mangled}`);
      else if (format(once.text, path).changed) failures.push(`${path}: not idempotent\n${mangled}`);
    }
  }
  assert.ok(tried > 200, `only ${tried} mangled files parsed`);
  assert.equal(failures.slice(0, 3), []);
});

test.run();
