/** `lb graph` through the built bundle: formats, the case-2 picture the issue asks for, errors, Graphviz missing. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, lb, tempDir } from './helpers.ts';

const CASE2 = 'examples/case2-ha-kubernetes.lb';
const hasDot = spawnSync('sh', ['-c', 'command -v dot']).status === 0;

test('mermaid (default): the VIP, both LB hosts, the apiserver frontend and backend, the control-plane nodes', () => {
  const r = lb(['graph', CASE2]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, '');
  assert.ok(r.stdout.startsWith('flowchart LR\n'), r.stdout);
  for (const needle of ['VIP 10.182.0.100/24', 'host lb1', 'host lb2', 'frontend prod-apiserver', 'backend prod-apiserver', 'master1', 'master2', 'master3']) {
    assert.ok(r.stdout.includes(needle), `${needle} missing from:\n${r.stdout}`);
  }
  assert.is(lb(['graph', '--format', 'mermaid', CASE2]).stdout, r.stdout, 'deterministic, and mermaid is the default');
});

test('dot, and svg through Graphviz', () => {
  const dot = lb(['graph', CASE2, '--format', 'dot']);
  assert.is(dot.code, 0, dot.stderr);
  assert.match(dot.stdout, /^digraph /);
  if (!hasDot) return console.log('  (svg skipped: Graphviz not installed)');
  const svg = lb(['graph', CASE2, '--format', 'svg']);
  assert.is(svg.code, 0, svg.stderr);
  assert.match(svg.stdout, /<svg[\s\S]*<\/svg>\s*$/);
  assert.ok(svg.stdout.includes('10.182.0.100'), 'the labels reach the SVG');
});

test('svg without Graphviz: exit 2 and the install command, nothing on stdout', () => {
  const r = lb(['graph', CASE2, '--format', 'svg'], { env: baseEnv({ PATH: '/nonexistent' }) });
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /needs Graphviz .*apt-get install graphviz/);
});

test('a file with errors is still drawn, its errors go to stderr, exit 1; unreadable FILE exit 2', () => {
  const dir = tempDir('graph');
  writeFileSync(join(dir, 'bad.lb'), 'frontend web {\n  bind *:8080\n  default nope\n}\n');
  const r = lb(['graph', 'bad.lb'], { cwd: dir });
  assert.is(r.code, 1);
  assert.match(r.stdout, /^flowchart LR\n/);
  assert.match(r.stderr, /bad\.lb:3:11: error LB1003: /);
  assert.match(r.stderr, /the graph above shows a program with errors/);
  const missing = lb(['graph', 'nope.lb'], { cwd: dir });
  assert.is(missing.code, 2);
  assert.is(missing.stderr, "lb: cannot read 'nope.lb': no such file\n");
});

test.run();
