/**
 * A mistake only the real tool can see (a raw line lb passes through unchecked) is mapped back through the source
 * map to the .lb line that wrote it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SourceText } from '../../packages/dsl/src/diagnostics/diagnostic.ts';
import { compile, memoryFileSystem } from '../../packages/dsl/src/index.ts';
import { mapToolMessages } from '../../packages/dsl/src/emit/common/tool-messages.ts';
import { checkHaproxy } from '../helpers/haproxy.ts';
import { checkKeepalived } from '../helpers/keepalived.ts';

const SOURCE = `defaults { mode http; timeout connect 5s, client 30s, server 30s }
backend app {
  server a1 127.0.0.1:9000
  raw "frobnicate yes"
}
frontend web { bind 127.0.0.1:8000; default app }
host lb1 { interface eth1 10.0.0.11/24 }
host lb2 { interface eth1 10.0.0.12/24 }
vrrp api {
  vip 10.0.0.100/24; router-id 51; members lb1 priority 150, lb2 priority 100
  raw "advert_intt 3"
}
`;

const result = compile('m.lb', { fs: memoryFileSystem({ 'm.lb': SOURCE }), env: {} });
const lineOf = (span: { start: number } | null) => (span ? new SourceText('m.lb', SOURCE).position(span.start).line : 0);

test('haproxy -c rejects the raw line; the alert maps back to line 4 of the .lb file', () => {
  const cfg = result.outputs.find((o) => o.path === 'lb1/haproxy.cfg');
  assert.ok(cfg, result.outputs.map((o) => o.path).join(','));
  const check = checkHaproxy(cfg.text);
  assert.not.ok(check.ok, 'haproxy must reject an unknown keyword');
  const mapped = mapToolMessages(check.output, cfg);
  assert.ok(mapped.length > 0, check.output);
  assert.is(mapped[0].severity, 'error');
  assert.match(mapped[0].message, /frobnicate/);
  assert.is(lineOf(mapped[0].span), 4);
});

test('keepalived -t rejects the raw line; the message maps back to line 11 of the .lb file', () => {
  const conf = result.outputs.find((o) => o.path === 'lb1/keepalived.conf');
  assert.ok(conf);
  const check = checkKeepalived(conf.text, ['eth1']);
  assert.not.ok(check.ok);
  const mapped = mapToolMessages(check.output, conf);
  const unknown = mapped.find((m) => /advert_intt/.test(m.message));
  assert.ok(unknown, check.output);
  assert.is(lineOf(unknown.span), 11);
});

test.run();
