import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { effectiveSettings } from '../../packages/dsl/src/checks/index.ts';
import { backend, defaults, frontend, model, ref, span } from '../helpers/model-builders.ts';

const t = (value: number) => ({ value, span: span() });

test('effective settings: proxy, then its named defaults, then the unnamed defaults', () => {
  const unnamed = defaults({ mode: 'http', timeouts: { connect: t(1000), client: t(2000), server: t(3000) }, forwardfor: true });
  const named = defaults({ name: 'fast', mode: 'tcp', timeouts: { client: t(200) } });
  const fe = frontend('web', { from: ref('fast'), timeouts: { server: t(9000) } });
  const s = effectiveSettings(model({ defaults: [unnamed, named] }), fe);
  assert.is(s.mode.value, 'tcp');
  assert.is(s.mode.source.kind === 'defaults' && s.mode.source.defaults, named);
  assert.is(s.timeouts.client?.value.value, 200);
  assert.is(s.timeouts.server?.value.value, 9000);
  assert.is(s.timeouts.server?.source.kind, 'proxy');
  assert.is(s.timeouts.connect?.value.value, 1000);
  assert.is(s.forwardfor?.value, true);
});

test('effective settings: without any defaults, mode is haproxy\'s tcp and nothing else is set', () => {
  const s = effectiveSettings(model(), backend('app', { health: undefined }));
  assert.is(s.mode.value, 'tcp');
  assert.is(s.mode.source.kind, 'builtin');
  assert.equal(s.timeouts, {});
  assert.is(s.health, undefined);
});

test('effective settings: server-defaults merge key by key, the backend over the defaults', () => {
  const unnamed = defaults({ serverDefaults: { inter: 2000, check: false } });
  const s = effectiveSettings(model({ defaults: [unnamed] }), backend('app', { serverDefaults: { check: true } }));
  assert.equal(s.serverDefaults, { inter: 2000, check: true });
});

test.run();
