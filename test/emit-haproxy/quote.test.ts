import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findControlCharacter, isValidName, quoteWord } from '../../packages/dsl/src/emit/haproxy/quote.ts';
import { formatAddress, formatHaproxyDuration } from '../../packages/dsl/src/emit/haproxy/format.ts';
import { addr, ip } from '../helpers/model-builders.ts';

test('bare tokens stay bare', () => {
  for (const v of ['/api', 'h2,http/1.1', 'admin:pw', '10.0.0.0/8', 'a=b', '*', '50%', 'x+y', 'user@host', '-dash']) {
    assert.is(quoteWord(v), v);
  }
});

test('anything else is single-quoted, or double-quoted with escapes when it holds a quote', () => {
  assert.is(quoteWord('a b'), "'a b'");
  assert.is(quoteWord('#x'), "'#x'");
  assert.is(quoteWord('${X}'), "'${X}'");
  assert.is(quoteWord('%[dst_port]'), "'%[dst_port]'");
  assert.is(quoteWord('say "hi"'), `'say "hi"'`);
  assert.is(quoteWord('a\\b'), "'a\\b'");
  assert.is(quoteWord(`it's $HOME "x" \\`), `"it's \\$HOME \\"x\\" \\\\"`);
});

test('control characters are found and named', () => {
  assert.is(findControlCharacter('a\nb'), 'a line feed (U+000A)');
  assert.is(findControlCharacter('a\rb'), 'a carriage return (U+000D)');
  assert.is(findControlCharacter('a\u0000b'), 'a NUL (U+0000)');
  assert.is(findControlCharacter('a\u007f'), 'the control character U+007F');
  assert.is(findControlCharacter('plain value'), undefined);
});

test('names', () => {
  assert.ok(isValidName('web_1.a:b-c'));
  for (const n of ['a b', 'a#b', '', 'a/b', "a'b"]) assert.not.ok(isValidName(n), n);
});

test('addresses and durations', () => {
  assert.is(formatAddress(addr('*:80')), '*:80');
  assert.is(formatAddress(addr('10.0.0.1:8080')), '10.0.0.1:8080');
  assert.is(formatAddress(addr('[fd00::1]:443')), '[fd00::1]:443');
  assert.is(formatAddress({ host: '*', port: 8000, portEnd: 8010 }), '*:8000-8010');
  assert.is(formatAddress({ host: ip('::'), port: 80 }), '[::]:80');
  assert.is(formatAddress({ host: { dns: 'app.local' }, port: 80 }), 'app.local:80');
  assert.is(formatAddress({ host: { dns: 'bad name' }, port: 80 }), undefined);
  assert.is(formatHaproxyDuration(30_000), '30s');
  assert.is(formatHaproxyDuration(1500), '1500ms');
  assert.is(formatHaproxyDuration(0.5), '500us');
});

test.run();
