import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emitHaproxy } from '../../packages/dsl/src/emit/haproxy/index.ts';
import { Secret } from '../../packages/dsl/src/model/values.ts';
import { bind, model, span, stats } from '../helpers/model-builders.ts';
import { cases } from './cases.ts';

test('the stats password is revealed on its auth line only, and the file is marked secret', () => {
  const password = 'Zq9-unique-secret';
  const auth = { user: 'admin', password: new Secret(password, 'STATS_PASSWORD'), span: span() };
  const { file, diagnostics } = emitHaproxy(model({ stats: [stats({ bind: bind('127.0.0.1:8404'), auth: [auth] })] }), { entry: 'test.lb' });
  assert.equal(diagnostics, []);
  assert.is(file.secret, true);
  const holding = file.text.split('\n').filter((l) => l.includes(password));
  assert.equal(holding, [`    stats auth admin:${password}`]);
  assert.is(file.text.split(password).length, 2, 'exactly one occurrence');
});

test('files without a stats password are not secret; per host, only the host with the page is', () => {
  const c = cases().find((x) => x.name === 'placement')!;
  const lb1 = emitHaproxy(c.model, { host: 'lb1', entry: 'test.lb' }).file;
  const lb2 = emitHaproxy(c.model, { host: 'lb2', entry: 'test.lb' }).file;
  assert.is(lb1.secret, true);
  assert.is(lb2.secret, false);
  assert.not.match(lb2.text, 'pw-lb1');
  const minimal = emitHaproxy(cases().find((x) => x.name === 'minimal-http')!.model, { entry: 'test.lb' }).file;
  assert.is(minimal.secret, false);
});

test.run();
