/**
 * End-to-end golden fixtures: every folder in test/fixtures/e2e and test/fixtures/diagnostics holds input.lb (and
 * any file it imports). The compile's outputs are compared with `expected/<path>` and its diagnostics with
 * `diagnostics.json`; UPDATE=1 rewrites them. Every generated file is also checked by its real validator (with zero
 * warnings allowed unless the fixture has lb warnings on purpose), and every
 * diagnostics fixture must report the code its folder is named after.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../packages/dsl/src/index.ts';
import { memoryFileSystem } from '../../packages/dsl/src/api/host.ts';
import { diagnosticsJson } from '../helpers/diagnostics-json.ts';
import { expectGolden, UPDATE } from '../helpers/golden.ts';
import { validateOutput } from '../helpers/validate-output.ts';

const fixturesRoot = new URL('../fixtures/', import.meta.url).pathname;
const ENV = { LB_TEST_PRESENT: 'present' };

/** The fixture's .lb files and its project configuration (lb.json), if any. */
function lbFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) if (name.endsWith('.lb') || name === 'lb.json') files[name] = readFileSync(join(dir, name), 'utf8');
  return files;
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

for (const group of ['e2e', 'diagnostics']) {
  const s = suite(`fixtures/${group}`);
  const root = join(fixturesRoot, group);
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    s(name, () => {
      const result = compile('input.lb', { fs: memoryFileSystem(lbFiles(dir)), env: ENV });
      expectGolden(join(dir, 'diagnostics.json'), diagnosticsJson(result.diagnostics, result.files));

      const expectedDir = join(dir, 'expected');
      if (UPDATE) rmSync(expectedDir, { recursive: true, force: true });
      for (const out of result.outputs) expectGolden(join(expectedDir, out.path), out.text);
      if (!UPDATE) {
        const stale = listFiles(expectedDir).filter((p) => !p.includes('_actual.') && !result.outputs.some((o) => o.path === p));
        assert.equal(stale, [], `expected files that the compiler no longer writes: ${stale.join(', ')}`);
      }
      const strict = !result.diagnostics.some((d) => d.severity !== 'info');
      for (const out of result.outputs) {
        const v = validateOutput(out, { strict });
        assert.ok(v.ok, `${name}/${out.path} fails its real validator:\n${v.output}\n--- file ---\n${out.text}`);
      }

      if (group === 'e2e') {
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        assert.equal(errors.map((d) => `${d.code} ${d.message}`), [], 'a construct fixture must compile');
        assert.ok(result.outputs.length > 0, 'a construct fixture must produce output');
      } else {
        const code = name.slice(0, 6);
        assert.ok(
          result.diagnostics.some((d) => d.code === code),
          `fixture ${name} must report ${code}; got ${result.diagnostics.map((d) => d.code).join(', ') || 'nothing'}`,
        );
      }
    });
  }
  s.run();
}
