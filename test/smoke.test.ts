import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SourceText } from '../packages/dsl/src/diagnostics/diagnostic.ts';
import { cidrContains, cidrsOverlap, ipAdd, parseCidr, parseIp, parseDuration, formatDuration } from '../packages/dsl/src/model/values.ts';

test('SourceText maps offsets to 1-based positions', () => {
  const s = new SourceText('a.lb', 'ab\ncd\n');
  assert.equal(s.position(0), { line: 1, column: 1 });
  assert.equal(s.position(4), { line: 2, column: 2 });
  assert.is(s.lineText(2), 'cd');
});

test('ip and cidr arithmetic', () => {
  assert.is(ipAdd(parseIp('10.182.0.1')!, 2)?.text, '10.182.0.3');
  assert.is(parseIp('2001:0db8:0:0:0:0:0:1')?.text, '2001:db8::1');
  assert.is(parseIp('300.1.1.1'), undefined);
  assert.ok(cidrContains(parseCidr('10.182.0.0/24')!, parseIp('10.182.0.100')!));
  assert.not.ok(cidrContains(parseCidr('10.182.0.0/24')!, parseIp('10.182.1.100')!));
  assert.ok(cidrsOverlap(parseCidr('10.233.0.0/18')!, parseCidr('10.233.32.0/20')!));
  assert.not.ok(cidrsOverlap(parseCidr('10.233.0.0/18')!, parseCidr('10.233.64.0/18')!));
});

test('durations', () => {
  assert.is(parseDuration('1m30s'), 90_000);
  assert.is(parseDuration('2x'), undefined);
  assert.is(formatDuration(90_000), '90s');
  assert.is(formatDuration(1500), '1500ms');
});

test.run();
