/**
 * A file that is only imported (a `common.lb` of backends) is checked in the editor as seen from the file that
 * imports it, through the real server over stdio: its diagnostics are the entry's findings in it, so the defaults
 * and frontends of the entry count, and an edit to the entry re-publishes the imported file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { check, memoryFileSystem } from '../../packages/dsl/src/index.ts';
import { LspClient, tempProject } from './helpers/lsp-client.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/lsp-imported');
const SITE = readFileSync(join(FIXTURE, 'site.lb'), 'utf8');
const COMMON = readFileSync(join(FIXTURE, 'common.lb'), 'utf8');

/** A frontend kept in its own file, imported by an entry that binds the ports after it. */
const FRONT = 'frontend three {\n  bind    127.0.0.1:8600\n  default b\n}\n';
const PORTS = [
  'defaults {\n  mode http\n  timeout connect 5s, client 30s, server 30s\n}',
  'backend b {\n  server s 127.0.0.1:9000\n}',
  'frontend one {\n  bind    127.0.0.1:8600\n  default b\n}',
  'frontend two {\n  bind    127.0.0.1:8601\n  default b\n}',
  // Imported last, so the clash is reported on front.lb's bind, the later one.
  'import "./front.lb"',
].join('\n') + '\n';
const layout = tempProject({ 'site.lb': SITE, 'common.lb': COMMON, 'ports.lb': PORTS, 'front.lb': FRONT });
let client: LspClient;
const test = suite('lsp imported file');

test.before(async () => {
  client = new LspClient();
  await client.initialize(layout.dir);
});

test.after(async () => {
  await client.stop();
  layout.cleanup();
});

const codes = (list: { code?: unknown }[]) => list.map((d) => String(d.code));

/** The first publish for a uri, among those after the first `after`, that satisfies `match`. */
async function publishedLater(uri: string, after: number, match: (p: { diagnostics: { code?: unknown }[] }) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = client.published.slice(after).find((p) => p.uri === uri && match(p));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such diagnostics for ${uri} within ${timeoutMs} ms: ${JSON.stringify(client.published.slice(after))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('opened alone, common.lb shows what checking site.lb finds in it: no missing timeout, no unused backend', async () => {
  const common = layout.path('common.lb');
  const site = layout.path('site.lb');
  const alone = check(common, { fs: memoryFileSystem({ [common]: COMMON }), env: {} }).diagnostics;
  assert.ok(codes(alone).includes('LB2009') && codes(alone).includes('LB2015'), 'checked alone, the file has both false alarms');
  const fromSite = check(site, { fs: memoryFileSystem({ [common]: COMMON, [site]: SITE }), env: {} }).diagnostics.filter((d) => d.span.file === common);
  await client.open(layout.uri('common.lb'), COMMON);
  const published = await client.diagnostics(layout.uri('common.lb'), 1);
  assert.equal(codes(published.diagnostics), codes(fromSite));
  assert.not.ok(codes(published.diagnostics).includes('LB2009'));
  assert.not.ok(codes(published.diagnostics).includes('LB2015'));
});

test('an edit to the entry re-publishes the imported file: dropping the route to api makes api unused there', async () => {
  const siteUri = layout.uri('site.lb');
  const commonUri = layout.uri('common.lb');
  await client.open(siteUri, SITE);
  await client.diagnostics(siteUri, 1);
  const seen = client.published.length;
  const lineNumber = SITE.split('\n').findIndex((l) => l.includes('route api'));
  await client.change(siteUri, { start: { line: lineNumber, character: 0 }, end: { line: lineNumber + 1, character: 0 } }, '');
  const republished = await publishedLater(commonUri, seen, (p) => codes(p.diagnostics).includes('LB2015'));
  const unused = republished.diagnostics.filter((d) => d.code === 'LB2015');
  assert.is(unused.length, 1, JSON.stringify(republished.diagnostics));
  assert.is(unused[0].range.start.line, COMMON.split('\n').findIndex((l) => l.startsWith('backend api')));
});

test('quick fixes in the imported file see the whole program: the next free port skips the entry\'s binds', async () => {
  const uri = layout.uri('front.lb');
  await client.open(uri, FRONT);
  const published = await client.diagnostics(uri, 1);
  const conflict = published.diagnostics.find((d) => d.code === 'LB2001');
  assert.ok(conflict, `the bind clashes with the entry's: ${JSON.stringify(published.diagnostics)}`);
  const actions = await client.request<{ title: string }[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: conflict!.range,
    context: { diagnostics: [conflict] },
  });
  // 8601 is free in front.lb alone, but the entry binds it too.
  assert.ok(actions.some((a) => a.title === 'Use the next free port: 127.0.0.1:8602'), JSON.stringify(actions.map((a) => a.title)));
  await client.close(uri);
});

test('a file nothing imports is checked alone', async () => {
  const uri = layout.uri('solo.lb');
  await client.open(uri, COMMON);
  const published = await client.diagnostics(uri, 1);
  assert.ok(codes(published.diagnostics).includes('LB2015'), JSON.stringify(published.diagnostics));
  await client.close(uri);
});

test('completion in the imported file offers the names its entry declares', async () => {
  const uri = layout.uri('front.lb');
  await client.open(uri, FRONT);
  await client.diagnostics(uri, 1);
  const at = { line: FRONT.split('\n').findIndex((l) => l.includes('default')), character: '  default '.length };
  const items = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: at });
  assert.ok(items.some((i) => i.label === 'b'), `backend b of ports.lb: ${JSON.stringify(items.map((i) => i.label))}`);
  await client.close(uri);
});

test('Preview of the imported file shows its entry\'s generated files, mapped back to both files', async () => {
  const commonUri = layout.uri('common.lb');
  const result = await client.request<{ ok: boolean; entry?: string; files: { path: string; text: string; map: ({ uri: string } | null)[] }[] }>(
    'workspace/executeCommand',
    { command: 'lb.preview', arguments: [commonUri] },
  );
  assert.ok(result.ok, JSON.stringify(result).slice(0, 500));
  assert.is(result.entry, layout.path('site.lb'));
  const cfg = result.files.find((f) => f.path.endsWith('haproxy.cfg'));
  assert.ok(cfg && /^frontend web\b/m.test(cfg.text), 'the entry\'s frontend is in the preview');
  const mappedTo = new Set(cfg!.map.flatMap((l) => (l ? [l.uri] : [])));
  assert.ok(mappedTo.has(commonUri) && mappedTo.has(layout.uri('site.lb')), JSON.stringify([...mappedTo]));
});

test.run();
