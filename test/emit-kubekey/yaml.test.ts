import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { yamlString } from '../../packages/dsl/src/emit/kubekey/yaml.ts';

const test = suite('kubekey-yaml');

const plain = ['master1', 'v1.28.8', '10.0.0.2', '10.233.64.0/18', 'control-plane', 'lb.kubesphere.local', '/etc/ssl/ca.pem', 'a_b', 'amd64'];
const quoted = [
  '', 'true', 'False', 'yes', 'NO', 'on', 'Off', 'y', 'n', 'null', '~', '=', '123', '-1', '1.5', '1e3', '0x1F', '0o17', '017', '.inf', '.NaN',
  '1_000', '2024-01-02', '12:30', 'a: b', 'a #b', '#x', '- x', '? x', '*x', '&x', '!x', '|', '>', '%x', '@x', '`x', '"x"', "'x'", '{a}', '[a]',
  ' lead', 'trail ', 'a\nb', 'tab\tx', '\u0000', 'nel\u0085x', 'ls\u2028x', '\ufeffbom', 'https://x.example.com', '10.0.0.9:5000', '~/.ssh/id_rsa',
];

test('plain-safe strings stay plain', () => {
  for (const s of plain) assert.is(yamlString(s), s, s);
});

test('everything else is double-quoted and reads back identically in YAML 1.1 and 1.2', () => {
  for (const s of quoted) {
    const out = yamlString(s);
    assert.ok(out.startsWith('"') && out.endsWith('"'), `quoted: ${JSON.stringify(s)} -> ${out}`);
    assert.not.match(out, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/, 'no raw control or line-break character');
    for (const version of ['1.1', '1.2'] as const) {
      assert.is(parse(`k: ${out}\n`, { version }).k, s, `${version}: ${JSON.stringify(s)}`);
    }
  }
});

test('plain strings also read back identically in YAML 1.1 and 1.2', () => {
  for (const s of plain) for (const version of ['1.1', '1.2'] as const) assert.is(parse(`k: ${yamlString(s)}\n`, { version }).k, s);
});

test.run();
