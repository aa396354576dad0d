/** For the emitter tests on hand-built models: emit, insist haproxy accepts the result, and read one section of it. */
import * as assert from 'uvu/assert';
import { emitHaproxy } from '../../packages/dsl/src/emit/haproxy/index.ts';
import type { Model } from '../../packages/dsl/src/model/model.ts';
import { checkHaproxy } from '../helpers/haproxy.ts';

/** haproxy.cfg for the model; asserts that the emitter reported nothing and that `haproxy -c` accepts the file. */
export function emitChecked(m: Model): string {
  const r = emitHaproxy(m, { entry: 'test.lb' });
  assert.equal(r.diagnostics, []);
  const check = checkHaproxy(r.file.text);
  assert.ok(check.ok, `${check.output}\n${r.file.text}`);
  return r.file.text;
}

/** The text from the first occurrence of `start` (a section's header, or its beginning) up to the next blank line. */
export function sectionFrom(text: string, start: string): string {
  const at = text.indexOf(start);
  assert.ok(at >= 0, `no section starting with ${JSON.stringify(start)} in\n${text}`);
  const end = text.indexOf('\n\n', at);
  return text.slice(at, end < 0 ? undefined : end);
}
