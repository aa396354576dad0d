/**
 * Issue 2's acceptance check: `lb check --format json` on one file with a proxy loop, a duplicate bind, a 6443
 * clash on a control-plane host and a router-id collision reports each once, with its code and exact range, and
 * exits 1.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const file = 'test/fixtures/cli/four-mistakes.lb';
const lines = readFileSync(file, 'utf8').split('\n');

/** 1-based line and column of the first occurrence of `needle` on the line that contains `lineMarker`. */
function at(lineMarker: string, needle: string): { line: number; column: number } {
  const index = lines.findIndex((l) => l.includes(lineMarker));
  assert.ok(index >= 0, `marker ${lineMarker}`);
  return { line: index + 1, column: lines[index].indexOf(needle) + 1 };
}

test('lb check --format json reports the four mistakes once each, with exact ranges, exit 1', () => {
  const r = spawnSync(process.execPath, ['packages/dsl/bin/lb.cjs', 'check', '--format', 'json', file], { encoding: 'utf8' });
  assert.is(r.status, 1, r.stderr);
  const diagnostics = JSON.parse(r.stdout) as { code: string; file: string; range: { start: { line: number; column: number }; end: { line: number; column: number } } }[];
  const only = (code: string) => {
    const found = diagnostics.filter((d) => d.code === code);
    assert.is(found.length, 1, `${code} reported ${found.length} times: ${JSON.stringify(diagnostics, null, 1)}`);
    assert.is(found[0].file, file);
    return found[0];
  };
  // Proxy loop: on the server that points back at the frontend's own bind.
  const loop = only('LB2003');
  assert.equal(loop.range.start, at('server web01', '127.0.0.1:8000'));
  // Duplicate bind: on the second bind.
  const dup = only('LB2001');
  assert.equal(dup.range.start, at('frontend two', '*:9000'));
  // 6443 on lb1, which is also the control-plane node lb1.
  const api = only('LB2004');
  assert.equal(api.range.start, at('frontend kube', '*:6443'));
  // Router id collision: on the second vrrp's router id value.
  const vrid = only('LB3001');
  const routerId = at('vrrp web', 'router-id 51');
  assert.equal(vrid.range.start, { line: routerId.line, column: routerId.column + 'router-id '.length });
  assert.equal(vrid.range.end, { line: routerId.line, column: routerId.column + 'router-id 51'.length });
});

test.run();
