/**
 * Golden fixtures: each folder of test/fixtures/semantics/ holds input.lb (and any files it imports, and optionally
 * env.json); the evaluated model and the diagnostics are compared with model.json and diagnostics.json.
 * Folder names state the expectation: `ok-*` must evaluate without errors, `lbNNNN-*` must report LBNNNN.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { memoryFileSystem } from '../../packages/dsl/src/api/host.ts';
import { sortDiagnostics } from '../../packages/dsl/src/diagnostics/diagnostic.ts';
import { evaluate } from '../../packages/dsl/src/semantics/index.ts';
import { expectGolden } from '../helpers/golden.ts';
import { diagnosticsJson } from '../helpers/diagnostics-json.ts';
import { modelJson } from './model-json.ts';

const root = join(import.meta.dirname, '..', 'fixtures', 'semantics');

function lbFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.lb')) files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

for (const name of readdirSync(root).sort()) {
  const dir = join(root, name);
  if (!statSync(dir).isDirectory()) continue;
  test(`semantics fixture ${name}`, () => {
    const envPath = join(dir, 'env.json');
    const env = existsSync(envPath) ? (JSON.parse(readFileSync(envPath, 'utf8')) as Record<string, string>) : {};
    const result = evaluate('input.lb', { fs: memoryFileSystem(lbFiles(dir)), env });
    const diagnostics = sortDiagnostics(result.diagnostics);
    expectGolden(join(dir, 'model.json'), modelJson(result.model));
    expectGolden(join(dir, 'diagnostics.json'), diagnosticsJson(diagnostics, result.files));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (name.startsWith('ok-')) assert.equal(errors.map((d) => `${d.code} ${d.message}`), [], 'expected no errors');
    const code = /^(lb\d{4})-/.exec(name)?.[1].toUpperCase();
    if (code) assert.ok(diagnostics.some((d) => d.code === code), `expected ${code} among ${diagnostics.map((d) => d.code).join(', ')}`);
  });
}

test.run();
