import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitHaproxy } from '../../packages/dsl/src/emit/haproxy/index.ts';
import { backend, bind, defaults, frontend, model, server, span } from '../helpers/model-builders.ts';
import { cases } from './cases.ts';

test('exactly one map entry per line, in every case', () => {
  for (const c of cases()) {
    for (const host of c.hosts ?? [undefined]) {
      const { file } = emitHaproxy(c.model, { host, entry: 'test.lb' });
      assert.ok(file.text.endsWith('\n'));
      const lines = file.text.slice(0, -1).split('\n');
      assert.is(file.map.length, lines.length, c.name);
      lines.forEach((line, i) => {
        if (line === '' || i === 0) assert.is(file.map[i], null, `${c.name} line ${i + 1} "${line}" should map to nothing`);
        else if (line !== 'global' && !line.startsWith('# HAProxy configuration of host')) assert.ok(file.map[i], `${c.name} line ${i + 1} "${line}" has no span`);
      });
    }
  }
});

test('lines map to the element they came from', () => {
  const s1 = server('app1', '127.0.0.1:8080', { span: span(100) });
  const s2 = server('app2', '127.0.0.1:8081', { span: span(200), weight: 3 });
  const fe = frontend('web', { span: span(300), binds: [bind('*:80', { span: span(400) })], defaultBackend: { name: 'app', span: span(500) } });
  const timeout = { value: 7000, span: span(600) };
  const d = defaults({ span: span(700), timeouts: { connect: timeout, client: { value: 1000, span: span() }, server: { value: 1000, span: span() } } });
  const be = backend('app', { span: span(800), servers: [s1, s2] });
  const { file } = emitHaproxy(model({ defaults: [d], frontends: [fe], backends: [be] }), { entry: 'test.lb' });
  const lines = file.text.split('\n');
  const spanOf = (prefix: string) => file.map[lines.findIndex((l) => l.trimStart().startsWith(prefix))];
  assert.equal(spanOf('server app1 '), s1.span);
  assert.equal(spanOf('server app2 '), s2.span);
  assert.equal(spanOf('frontend web'), fe.span);
  assert.equal(spanOf('bind *:80'), span(400));
  assert.equal(spanOf('default_backend app'), span(500));
  assert.equal(spanOf('timeout connect 7s'), timeout.span);
  assert.equal(spanOf('defaults base'), d.span);
  assert.equal(spanOf('backend app'), be.span);
  // Every line from the servers, and only those, maps to a server span.
  const serverLines = file.map.map((m, i) => [m, lines[i]] as const).filter(([m]) => m === s1.span || m === s2.span);
  assert.equal(serverLines.map(([, l]) => l.trim()), ['server app1 127.0.0.1:8080 check', 'server app2 127.0.0.1:8081 check weight 3']);
});

test.run();
