/**
 * `lb graph` on the three examples, compiled through `check()`: golden Mermaid and DOT, DOT rendered by the real
 * Graphviz, Mermaid checked structurally, and no secret from the environment anywhere in either picture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, memoryFileSystem } from '../../packages/dsl/src/index.ts';
import { graphDot, graphMermaid } from '../../packages/dsl/src/graph/index.ts';
import { expectGolden } from '../helpers/golden.ts';
import { graphvizAvailable, renderSvg } from './graphviz.ts';
import { checkMermaid, decodeLabel } from './mermaid-structure.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'graph');
const ENV = { STATS_PASSWORD: 'stats-pw-GOLDEN-7f3a', VRRP_PASS: 'vrrp7f3a' };
const EXAMPLES = ['case1-roundrobin', 'case2-ha-kubernetes', 'case3-node-servers'];
const dot = graphvizAvailable();

function modelOf(example: string) {
  const file = `${example}.lb`;
  const result = check(file, { fs: memoryFileSystem({ [file]: readFileSync(join(ROOT, 'examples', file), 'utf8') }), env: ENV });
  assert.equal(result.diagnostics.filter((d) => d.severity === 'error'), [], `${example} must compile without errors`);
  return result.model;
}

for (const example of EXAMPLES) {
  test(`${example}: golden mermaid and dot`, () => {
    const model = modelOf(example);
    const mermaid = graphMermaid(model);
    const dotText = graphDot(model);
    expectGolden(join(FIXTURES, example, 'graph.mmd'), mermaid);
    expectGolden(join(FIXTURES, example, 'graph.dot'), dotText);

    const shape = checkMermaid(mermaid);
    assert.equal(shape.problems, [], `mermaid structure of ${example}`);
    for (const secret of Object.values(ENV)) {
      assert.not.ok(mermaid.includes(secret), `${example}: secret in mermaid`);
      assert.not.ok(dotText.includes(secret), `${example}: secret in dot`);
    }
    if (!dot) {
      console.log(`\n  SKIPPED dot -Tsvg for ${example}: Graphviz is not installed`);
      return;
    }
    const svg = renderSvg(dotText);
    assert.ok(svg.ok, `dot -Tsvg rejected ${example}:\n${svg.output}`);
  });
}

test('case1: weights, http checks and the stats user are shown', () => {
  const shape = checkMermaid(graphMermaid(modelOf('case1-roundrobin')));
  const labels = [...shape.nodes.values()].map(decodeLabel);
  assert.ok(labels.includes('server server01\n127.0.0.1:8080\nweight 4\nchecked: http GET /'), labels.join('\n---\n'));
  assert.ok(labels.includes('server server02\n127.0.0.1:8081\nweight 2\nchecked: http GET /'));
  assert.ok(labels.some((l) => l.startsWith('stats page') && l.endsWith('auth: someuser')));
  assert.equal(shape.subgraphs.size, 0, 'no hosts declared: no host groups');
});

test('case2: endpoint -> derived apiserver frontend -> backend -> control-plane nodes, VIP -> hosts', () => {
  const shape = checkMermaid(graphMermaid(modelOf('case2-ha-kubernetes')));
  const label = (id: string) => decodeLabel(shape.nodes.get(id) ?? '');
  const edge = (from: string, to: string) => shape.edges.find((e) => e.from === from && e.to === to);
  assert.ok(edge('ep_prod', 'fe_prod_apiserver'), 'endpoint feeds the derived frontend');
  assert.ok(edge('fe_prod_apiserver', 'be_prod_apiserver'));
  for (const n of [1, 2, 3]) {
    assert.ok(edge('be_prod_apiserver', `node_prod_master${n}`), `backend reaches master${n}`);
    assert.match(label(`node_prod_master${n}`), 'checked: https GET /healthz');
  }
  assert.is(decodeLabel(edge('vip_api_10_182_0_100', 'host_lb1')?.label ?? ''), 'priority 150 (MASTER)');
  assert.is(decodeLabel(edge('vip_api_10_182_0_100', 'host_lb2')?.label ?? ''), 'priority 100');
  assert.match(label('node_prod_workers'), 'node1 10.182.0.5\nnode2 10.182.0.6');
  assert.is(decodeLabel(shape.subgraphs.get('grp_on_lb1_lb2') ?? ''), 'haproxy on every LB host: lb1, lb2');
});

test('output is deterministic', () => {
  for (const example of EXAMPLES) {
    assert.is(graphMermaid(modelOf(example)), graphMermaid(modelOf(example)));
    assert.is(graphDot(modelOf(example)), graphDot(modelOf(example)));
  }
});

test.run();
