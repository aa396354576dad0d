/**
 * The injection property: a hostile string placed in any value slot of a program (a name, a path, a header value,
 * a password, a raw line, a stats user...) either makes the compile fail with an error that says so (LB0xxx when the
 * literal cannot even be read, LB1xxx, LB5001, LB5002), or changes NO generated file's structure: same files, same
 * sections and directives, same number of words on every line, no new comment or expansion. The reference is a
 * compile of the same program with a harmless value in the slot. A value reaches the slot either as a string
 * literal (escaped the way the language spells it) or through env(), which bypasses the lexer entirely.
 */
import fc from 'fast-check';
import { compile, memoryFileSystem, type CompileResult } from '../../packages/dsl/src/index.ts';
import { vrrpPairSource } from '../helpers/vrrp-pair.ts';
import { shapeDifference, shapeOf } from './structure.ts';

export type Delivery = 'literal' | 'env';

export interface Slot {
  name: string;
  /** A value that is valid in the slot: the reference compile uses it. */
  harmless: string;
  /** The raw line is verbatim by design: only its own words may differ from the reference, never the line count. */
  verbatimLine?: boolean;
  /** Program text with `@@` wherever the expression goes. */
  template: string;
}

const PROGRAM = (parts: Record<string, string>): string => `
global {
  maxconn 100
  ${parts.global ?? ''}
}
defaults {
  mode http
  timeout connect 5s, client 30s, server 30s
}
${vrrpPairSource(parts.vrrpAuth ?? 'secret(env("VRRP"))', [parts.vrrp ?? ''])}
backend app {
  balance roundrobin
  health http GET "/health"
  server app1 127.0.0.1:9001
  server app2 127.0.0.1:9002
  ${parts.backend ?? ''}
}
backend other {
  server o1 127.0.0.1:9011
}
frontend web {
  bind 127.0.0.1:8080
  default app
  route other when path prefix "/other"
  ${parts.frontend ?? ''}
}
stats {
  bind 127.0.0.1:8404
  auth admin secret(env("STATS"))
  ${parts.stats ?? ''}
}
cluster prod {
  kubernetes v1.28.8 with containerd
  node master1 10.182.0.2 roles control-plane, etcd
  node worker1 10.182.0.5 roles worker
  ${parts.cluster ?? ''}
  endpoint api port 6443
}
`;

const at = (block: string, line: string): string => PROGRAM({ [block]: line });

export const SLOTS: Slot[] = [
  { name: 'server name', harmless: 'okname', template: at('backend', 'server @@ 127.0.0.1:9003') },
  { name: 'backend name', harmless: 'okbackend', template: `${at('frontend', 'route @@ when path prefix "/n"')}\nbackend @@ { server n1 127.0.0.1:9021 }\n` },
  { name: 'frontend name', harmless: 'okfrontend', template: `${PROGRAM({})}\nfrontend @@ { bind 127.0.0.1:8090\n default app }\n` },
  { name: 'server dns address', harmless: 'api.internal:9004', template: at('backend', 'server dns1 @@') },
  { name: 'health path', harmless: '/ok', template: PROGRAM({}).replace('health http GET "/health"', 'health http GET @@') },
  { name: 'health host', harmless: 'ok.example', template: PROGRAM({}).replace('health http GET "/health"', 'health http GET "/h" host @@') },
  { name: 'set-header value', harmless: 'okvalue', template: at('backend', 'set-header X-Test @@') },
  { name: 'set-header name', harmless: 'X-Ok', template: at('backend', 'set-header @@ "v"') },
  { name: 'balance hdr', harmless: 'X-User', template: PROGRAM({}).replace('balance roundrobin', 'balance hdr @@') },
  { name: 'server sni', harmless: 'ok.example', template: at('backend', 'server tls1 127.0.0.1:9005 ssl verify none sni @@') },
  { name: 'backend raw line', harmless: 'option http-server-close', verbatimLine: true, template: at('backend', 'raw @@') },
  { name: 'route path', harmless: '/ok', template: at('frontend', 'route other when path prefix @@') },
  { name: 'route host', harmless: 'ok.example', template: at('frontend', 'route other when host @@') },
  { name: 'route header value', harmless: 'yes', template: at('frontend', 'route other when header X-Canary @@') },
  { name: 'frontend set-header', harmless: 'https', template: at('frontend', 'set-header X-Forwarded-Proto @@') },
  { name: 'tls certificate path', harmless: '/etc/haproxy/site.pem', template: at('frontend', 'bind 127.0.0.1:8443 tls @@') },
  { name: 'stats uri', harmless: '/stats-ok', template: at('stats', 'uri @@') },
  { name: 'stats realm', harmless: 'Ok', template: at('stats', 'realm @@') },
  { name: 'stats user', harmless: 'okuser', template: at('stats', 'auth @@ secret(env("STATS"))') },
  { name: 'stats password', harmless: 'okpass', template: at('stats', 'auth second secret(@@)') },
  { name: 'global socket path', harmless: '/run/haproxy/ok.sock', template: at('global', 'socket @@') },
  { name: 'global chroot', harmless: '/var/lib/haproxy', template: at('global', 'chroot @@') },
  { name: 'global log target', harmless: '/dev/log', template: at('global', 'log @@ local0') },
  { name: 'global raw line', harmless: 'tune.bufsize 16384', verbatimLine: true, template: at('global', 'raw @@') },
  { name: 'vrrp password', harmless: 'okpw', template: PROGRAM({ vrrpAuth: 'secret(@@)' }) },
  { name: 'vrrp raw line', harmless: 'garp_master_delay 1', verbatimLine: true, template: at('vrrp', 'raw @@') },
  { name: 'cluster node name', harmless: 'worker2', template: at('cluster', 'node @@ 10.182.0.6 roles worker') },
  { name: 'cluster node user', harmless: 'ubuntu', template: at('cluster', 'node worker3 10.182.0.7 user @@ roles worker') },
  { name: 'cluster node key', harmless: '~/.ssh/id_rsa', template: at('cluster', 'node worker4 10.182.0.8 key @@ roles worker') },
  { name: 'cluster node password', harmless: 'okpass', template: at('cluster', 'node worker5 10.182.0.9 password secret(@@) roles worker') },
  { name: 'registry mirror', harmless: 'https://mirror.example.com', template: at('cluster', 'registry mirror @@') },
];

export const BASE_ENV: Record<string, string> = { VRRP: 'vrrppw', STATS: 'statspw' };

/** How a string is written as an `.lb` string literal: the documented escapes; anything else stays raw. */
export function lbStringLiteral(value: string): string {
  return `"${value.replace(/[\\"$\n\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', $: '\\$', '\n': '\\n', '\t': '\\t' })[c]!)}"`;
}

export function instantiate(slot: Slot, value: string, delivery: Delivery): { source: string; env: Record<string, string> } {
  const expression = delivery === 'env' ? 'env("INJECT")' : lbStringLiteral(value);
  const env = delivery === 'env' ? { ...BASE_ENV, INJECT: value } : BASE_ENV;
  return { source: slot.template.replaceAll('@@', () => expression), env };
}

function compileSource(source: string, env: Record<string, string>): CompileResult {
  return compile('main.lb', { fs: memoryFileSystem({ 'main.lb': source }), env });
}

/** Error codes that mean "this value was refused", as opposed to an unrelated failure. */
const REFUSAL = /^LB(0\d{3}|1\d{3}|5001|5002)$/;

/** Checks one hostile value in one slot. Returns the first problem, or undefined. */
export function injectionProblem(slot: Slot, value: string, delivery: Delivery): string | undefined {
  const hostile = instantiate(slot, value, delivery);
  const result = compileSource(hostile.source, hostile.env);
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const unexpected = errors.filter((d) => !REFUSAL.test(d.code));
    if (errors.length === 0) return 'compile refused the program without an error diagnostic';
    if (unexpected.length > 0) return `refused with an unexpected error: ${unexpected.map((d) => `${d.code} ${d.message}`).join('; ')}`;
    return undefined;
  }

  const clean = instantiate(slot, slot.harmless, delivery);
  const reference = compileSource(clean.source, clean.env);
  if (!reference.ok) {
    return `the reference program does not compile: ${reference.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`).join('; ')}`;
  }
  if (result.outputs.length !== reference.outputs.length) {
    return `produced ${result.outputs.length} files instead of ${reference.outputs.length}`;
  }
  for (let i = 0; i < result.outputs.length; i++) {
    const got = result.outputs[i];
    const expected = reference.outputs[i];
    if (got.path !== expected.path) return `file ${i} is ${got.path} instead of ${expected.path}`;
    const a = shapeOf(expected);
    const b = shapeOf(got);
    if (slot.verbatimLine) {
      const problem = verbatimLineProblem(a, b, got.target);
      if (problem) return `${got.path}: ${problem}`;
      continue;
    }
    const difference = shapeDifference(a, b);
    if (difference) return `${got.path}: ${difference}`;
  }
  return undefined;
}

/**
 * A raw line may differ from the reference in its own entry, or vanish (a raw line that is all comment), but must
 * not add entries, change any other entry, or open or close a section.
 */
function verbatimLineProblem(reference: string[], got: string[], target: string): string | undefined {
  let j = 0;
  while (j < reference.length && reference[j] === got[j]) j++;
  if (j === reference.length && got.length === reference.length) return undefined;
  const replaced = got.length === reference.length && reference.slice(j + 1).join('\n') === got.slice(j + 1).join('\n');
  const removed = got.length === reference.length - 1 && reference.slice(j + 1).join('\n') === got.slice(j).join('\n');
  if (!replaced && !removed) return `the raw line changed the structure from entry ${j}: ${reference[j]} -> ${got[j] ?? '(end)'} (${reference.length} -> ${got.length} entries)`;
  const entry = replaced ? got[j] : '';
  const opens = (entry.match(/\{/g) ?? []).length;
  const closes = (entry.match(/\}/g) ?? []).length;
  if (entry.startsWith('section:') || (target === 'keepalived' && opens !== closes)) return `the raw line opens or closes a section: ${entry}`;
  return undefined;
}

const PIECES = [
  '\n', '\r', '\r\n', '"', "'", '#', '!', '\\', '${X}', '$X', '%[src]', '%[req.hdr(host)]', '\u0000', '{', '}', ' ', '\t', '$', '@',
  ';', ',', ':', '/', '\u2028', '\u0085', '\u000b', '\u000c', '`', 'é', '\\n', '\n    server evil 1.2.3.4:80', '\nbackend evil', ' check', ' backup',
  '}\nvrrp_instance evil {', '\n- name: evil', ': x', 'key: value', '- item', '&anchor', '*alias', '!!python/object', '---', '...', '|', '>', '?',
];

/** A hostile string: dangerous pieces mixed with ordinary text. */
export const hostileString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ maxLength: 5 }) }, {
      weight: 1,
      arbitrary: fc.string({ unit: fc.constantFrom(...'abcz09-._/'), minLength: 1, maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''));

export const slotIndex: fc.Arbitrary<number> = fc.nat({ max: SLOTS.length - 1 });
export const delivery: fc.Arbitrary<Delivery> = fc.constantFrom('literal' as const, 'env' as const);
