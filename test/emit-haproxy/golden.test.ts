/** Golden haproxy.cfg per feature; every golden file must also pass the real parser (`haproxy -c -dW`). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { emitHaproxy } from '../../packages/dsl/src/emit/haproxy/index.ts';
import { expectGolden } from '../helpers/golden.ts';
import { checkHaproxy } from '../helpers/haproxy.ts';
import { cases } from './cases.ts';
import { selfSignedCertificate } from './tls.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'emit-haproxy');

for (const c of cases()) {
  test(`golden: ${c.name}`, () => {
    for (const host of c.hosts ?? [undefined]) {
      const { file, diagnostics } = emitHaproxy(c.model, { host, entry: 'test.lb' });
      assert.equal(diagnostics, [], `${c.name}: no diagnostics expected`);
      assert.is(file.path, host === undefined ? 'haproxy.cfg' : `${host}/haproxy.cfg`);
      assert.is(file.target, 'haproxy');
      assert.is(file.host, host);
      expectGolden(join(FIXTURES, c.name, file.path), file.text);

      let text = file.text;
      if (c.tls) {
        const cert = selfSignedCertificate();
        if (!cert) {
          console.log(`\n  SKIPPED haproxy -c for ${c.name}: openssl is not installed, no certificate to load`);
          continue;
        }
        if (c.tls.pem) text = text.replaceAll(c.tls.pem, cert.pem);
        if (c.tls.ca) text = text.replaceAll(c.tls.ca, cert.cert);
      }
      const check = checkHaproxy(text);
      assert.ok(check.ok, `haproxy -c -dW rejected ${c.name}/${file.path}:\n${check.output}\n${text}`);
    }
  });
}

test('output is deterministic', () => {
  for (const c of cases()) {
    const a = emitHaproxy(c.model, { host: c.hosts?.[0], entry: 'test.lb' });
    const b = emitHaproxy(c.model, { host: c.hosts?.[0], entry: 'test.lb' });
    assert.is(a.file.text, b.file.text);
  }
});

test.run();
