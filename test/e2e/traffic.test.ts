/**
 * Case 1 for real: compile examples/case1-roundrobin.lb, run the generated haproxy.cfg with a real haproxy on
 * loopback in front of two real HTTP servers, and see requests spread by the declared weights (4:2), and the stats
 * page refuse requests without its password. Bounded: 60 requests, every wait has a timeout, processes always stopped.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../packages/dsl/src/index.ts';
import { httpGet, start, startDemoServer, stopAll, waitForPort } from '../helpers/processes.ts';

const examplePath = 'examples/case1-roundrobin.lb';

test('case 1: weighted round robin through a real haproxy, stats page behind a password', async () => {
  const text = readFileSync(examplePath, 'utf8');
  const result = compile(examplePath, {
    fs: { readFile: (p) => (p === examplePath ? text : undefined) },
    env: { STATS_PASSWORD: 'pa55word' },
  });
  assert.ok(result.ok, JSON.stringify(result.diagnostics, null, 2));
  const cfg = result.outputs.find((o) => o.path === 'haproxy.cfg');
  assert.ok(cfg, 'case 1 declares no hosts, so it must produce one haproxy.cfg');

  const dir = mkdtempSync(join(tmpdir(), 'lb-traffic-'));
  try {
    writeFileSync(join(dir, 'haproxy.cfg'), cfg.text);
    startDemoServer('server01', 8080);
    startDemoServer('server02', 8081);
    await waitForPort(8080);
    await waitForPort(8081);
    const haproxy = start('haproxy', ['-W', '-db', '-f', join(dir, 'haproxy.cfg')]);
    let log = '';
    haproxy.stderr?.on('data', (d) => (log += d));
    await waitForPort(5000).catch((e) => {
      throw new Error(`${e.message}\nhaproxy said:\n${log}`);
    });

    const counts: Record<string, number> = {};
    for (let i = 0; i < 60; i++) {
      const r = await httpGet(5000);
      assert.is(r.status, 200, `request ${i}: ${r.status} ${r.body}`);
      const who = r.body.trim();
      counts[who] = (counts[who] ?? 0) + 1;
    }
    console.log('  case 1 distribution over 60 requests:', counts);
    // Weighted round robin with weights 4:2 is exact over every 6 requests.
    assert.equal(counts, { 'server server01': 40, 'server server02': 20 });

    const anonymous = await httpGet(3000, '/');
    assert.is(anonymous.status, 401, 'the stats page must refuse a request without credentials');
    const wrong = await httpGet(3000, '/', { authorization: `Basic ${Buffer.from('someuser:nope').toString('base64')}` });
    assert.is(wrong.status, 401);
    const authorised = await httpGet(3000, '/', { authorization: `Basic ${Buffer.from('someuser:pa55word').toString('base64')}` });
    assert.is(authorised.status, 200);
    assert.match(authorised.body, /application_nodes/);
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
