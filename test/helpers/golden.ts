/**
 * Golden files: `expectGolden(path, actual)` compares with the file's content, or writes it when UPDATE=1
 * (or when it does not exist yet, so a new fixture is created by running the tests once with UPDATE=1).
 * On a mismatch it writes `_actual.<name>` beside the expected file to make the difference easy to inspect.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as assert from 'uvu/assert';

export const UPDATE = process.env.UPDATE === '1' || process.env.UPDATE === 'true';

export function expectGolden(path: string, actual: string): void {
  const actualPath = join(dirname(path), `_actual.${basename(path)}`);
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    rmSync(actualPath, { force: true });
    return;
  }
  if (!existsSync(path)) {
    assert.unreachable(`golden file ${path} is missing; run the tests with UPDATE=1 to create it`);
  }
  const expected = readFileSync(path, 'utf8');
  if (expected !== actual) writeFileSync(actualPath, actual);
  else rmSync(actualPath, { force: true });
  assert.fixture(actual, expected, `golden mismatch: ${path} (actual written to ${actualPath})`);
}
