/** Assertions shared by the checker tests: exactly one diagnostic of a code, with its severity, span, related
 *  places and a message that names the fix. */
import * as assert from 'uvu/assert';
import type { Diagnostic, Severity, Span } from '../../packages/dsl/src/diagnostics/diagnostic.ts';

export function describe(list: Diagnostic[]): string {
  return list.map((d) => `${d.code} ${d.severity} @${d.span.start}: ${d.message}`).join('\n');
}

export function withCode(list: Diagnostic[], code: string): Diagnostic[] {
  return list.filter((d) => d.code === code);
}

export interface Expected {
  severity: Severity;
  span: Span;
  /** Spans that must appear among `related`. */
  related?: Span[];
  /** Words the message must contain (the fix). */
  mentions?: string[];
}

export function expectOne(list: Diagnostic[], code: string, e: Expected): Diagnostic {
  const found = withCode(list, code);
  assert.is(found.length, 1, `expected exactly one ${code}, got ${found.length}:\n${describe(list)}`);
  const d = found[0];
  assert.is(d.severity, e.severity, `${code} severity`);
  assert.equal(d.span, e.span, `${code} span`);
  for (const r of e.related ?? []) {
    assert.ok(d.related?.some((x) => x.span.start === r.start && x.span.end === r.end && x.span.file === r.file), `${code} related should include ${r.start}: ${JSON.stringify(d.related)}`);
  }
  for (const m of e.mentions ?? []) assert.ok(d.message.includes(m), `${code} message should mention "${m}": ${d.message}`);
  return d;
}

export function expectNone(list: Diagnostic[], ...codes: string[]): void {
  for (const code of codes) {
    const found = withCode(list, code);
    assert.is(found.length, 0, `expected no ${code}:\n${describe(found)}`);
  }
}
