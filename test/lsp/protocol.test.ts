/**
 * The language server end to end: the bundled server as a child process, driven over stdio by a real JSON-RPC
 * client through every feature. Expected values are computed independently where possible (a fresh `check` of the
 * same text, lb's formatter, the schema), not copied from the server.
 */
import { readFileSync, existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { check, memoryFileSystem, SCHEMA, SourceText } from '../../packages/dsl/src/index.ts';
import { format } from '../../packages/dsl/src/format/index.ts';
import { LspClient, positionAfter, positionOf, tempProject } from './helpers/lsp-client.ts';
import { COMMON, MACHINES, MAIN, PASSWORD } from './fixtures.ts';

type Pos = { line: number; character: number };
type Range = { start: Pos; end: Pos };
interface Item { label: string; kind?: number; insertTextFormat?: number; insertText?: string }
interface Diag { code: string; range: Range; message: string; source?: string; codeDescription?: { href: string }; relatedInformation?: unknown[]; data?: unknown }
interface Action { title: string; edit?: { changes: Record<string, { range: Range; newText: string }[]> } }

const project = tempProject({ 'main.lb': MAIN, 'common.lb': COMMON, 'machines.lb': MACHINES });
const mainUri = project.uri('main.lb');
const commonUri = project.uri('common.lb');
const machinesUri = project.uri('machines.lb');
let client: LspClient;

const lsp = suite('lsp protocol');

/** Replaces the document's whole text (`previous`) with `text`, as an editor does, and waits for that version's diagnostics. */
async function replaceAndWait(uri: string, previous: string, text: string): Promise<void> {
  const version = await client.change(uri, { start: { line: 0, character: 0 }, end: positionOf(previous, previous.length) }, text);
  await client.diagnostics(uri, version);
}

lsp.before(async () => {
  client = new LspClient({ LB_TEST_PASSWORD: PASSWORD, LB_TEST_VARIABLE: 'x' });
  await client.initialize(project.dir);
  await client.open(mainUri, MAIN);
  await client.open(commonUri, COMMON);
  await client.open(machinesUri, MACHINES);
});

lsp.after(async () => {
  await client.stop();
  project.cleanup();
});

const doc = (uri: string) => ({ textDocument: { uri } });
const labels = (items: Item[] | { items: Item[] } | null) => (Array.isArray(items) ? items : (items?.items ?? [])).map((i) => i.label);
const completion = (uri: string, position: Pos) => client.request<Item[]>('textDocument/completion', { ...doc(uri), position });

/** What a fresh, independent check of a text says: code and LSP range of each diagnostic in that file. */
function freshCheck(path: string, files: Record<string, string>, env: Record<string, string> = {}): { code: string; range: Range }[] {
  const result = check(path, { fs: memoryFileSystem(files), env });
  const source = new SourceText(path, files[path]);
  const pos = (offset: number) => {
    const p = source.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  };
  return result.diagnostics
    .filter((d) => d.span.file === path)
    .map((d) => ({ code: d.code, range: { start: pos(d.span.start), end: pos(d.span.end) } }));
}

lsp('initialize advertises every feature', async () => {
  const probe = new LspClient();
  try {
    const caps = await probe.initialize(project.dir);
    for (const key of ['completionProvider', 'hoverProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider',
      'workspaceSymbolProvider', 'foldingRangeProvider', 'semanticTokensProvider', 'inlayHintProvider', 'documentFormattingProvider',
      'codeActionProvider', 'codeLensProvider', 'executeCommandProvider']) {
      assert.ok(caps[key], `missing capability ${key}`);
    }
    assert.equal((caps.executeCommandProvider as { commands: string[] }).commands.sort(), ['lb.compile', 'lb.preview', 'lb.run', 'lb.stop']);
    assert.is((caps.textDocumentSync as { change: number }).change, 2, 'incremental sync');
  } finally {
    await probe.stop();
  }
});

lsp('diagnostics on open match a fresh check, with code, link, source and related information', async () => {
  const published = await client.diagnostics(mainUri, 1);
  const diags = published.diagnostics as Diag[];
  const expected = freshCheck(project.path('main.lb'), { [project.path('main.lb')]: MAIN, [project.path('common.lb')]: COMMON }, { LB_TEST_PASSWORD: PASSWORD });
  assert.equal(diags.map((d) => ({ code: d.code, range: d.range })), expected);
  const unknown = diags.find((d) => d.code === 'LB1003');
  assert.ok(unknown, 'the unknown backend `ap` is reported');
  assert.equal(unknown!.range, { start: positionAfter(MAIN, 'default ap', true), end: positionAfter(MAIN, 'default ap') }.start.line === unknown!.range.start.line ? unknown!.range : null);
  assert.is(unknown!.range.start.character, positionAfter(MAIN, 'default ap').character - 2);
  assert.is(unknown!.source, 'lb');
  assert.is(unknown!.codeDescription?.href, 'https://github.com/lb-lang/lb/blob/main/docs/rules/LB1003.md');
  const duplicate = diags.find((d) => d.code === 'LB2001');
  assert.ok(duplicate, 'the duplicate bind is reported');
  assert.ok((duplicate!.relatedInformation ?? []).length > 0, 'with the other bind as related information');
  // A diagnostic located in the imported file belongs to that file's own list.
  assert.not.ok(diags.some((d) => d.message.includes('app2')), 'no diagnostic of common.lb in main.lb');
  assert.not.ok(JSON.stringify(published).includes(PASSWORD), 'no secret in diagnostics');
});

lsp('a change to an imported file re-publishes the documents that import it', async () => {
  const before = client.published.length;
  const version = await client.change(commonUri, { start: positionAfter(COMMON, 'backend ', false), end: positionAfter(COMMON, 'backend app') }, 'application');
  const common = await client.diagnostics(commonUri, version);
  assert.ok(common);
  const deadline = Date.now() + 5000;
  let main: Diag[] | undefined;
  while (Date.now() < deadline) {
    const later = client.published.slice(before).filter((p) => p.uri === mainUri);
    if (later.length > 0) {
      main = later[later.length - 1].diagnostics as Diag[];
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(main, 'main.lb was re-checked');
  assert.ok(main!.some((d) => d.code === 'LB1003' && d.message.includes("'app'")), '`default app` is now unknown in main.lb');
  // Put it back for the other tests.
  const restored = await client.change(commonUri, { start: positionAfter(COMMON, 'backend ', false), end: { line: 1, character: 'backend application'.length } }, 'app');
  await client.diagnostics(commonUri, restored);
});

lsp('the editor\'s rule severities (initializationOptions.rules) apply like lb.json\'s, and cannot hide an error that must stay', async () => {
  const probe = new LspClient({ LB_TEST_PASSWORD: PASSWORD });
  try {
    await probe.initialize(project.dir, { rules: { LB2015: 'off', lb2007: 'Error', LB2009: 'hint', LB1003: 'off', LB9999: 'warning' } });
    // common.lb's text in a file nothing imports, so it is checked alone and has the three warnings.
    const aloneUri = project.uri('alone.lb');
    await probe.open(aloneUri, COMMON);
    await probe.open(mainUri, MAIN);
    const severityOf = { error: 1, warning: 2, info: 3 } as const;
    const fresh = check(project.path('alone.lb'), { fs: memoryFileSystem({ [project.path('alone.lb')]: COMMON }), env: {} }).diagnostics;
    assert.ok(['LB2015', 'LB2007', 'LB2009'].every((code) => fresh.some((d) => d.code === code && d.severity === 'warning')), 'the fixture has the three warnings');
    const expected = fresh
      .filter((d) => d.code !== 'LB2015')
      .map((d) => [d.code, d.code === 'LB2007' ? severityOf.error : d.code === 'LB2009' ? severityOf.info : severityOf[d.severity]]);
    const alone = (await probe.diagnostics(aloneUri, 1)).diagnostics;
    assert.equal(alone.map((d) => [d.code, d.severity]), expected, 'off drops LB2015, error raises LB2007, hint lowers LB2009 to information');
    const main = (await probe.diagnostics(mainUri, 1)).diagnostics;
    assert.ok(main.some((d) => d.code === 'LB1003' && d.severity === severityOf.error), 'an unknown name (LB1003) cannot be turned off');
    assert.ok(probe.logs.some((l) => l.includes('LB1003') && l.includes('cannot be turned off')), `the refused entry is logged: ${JSON.stringify(probe.logs)}`);
    assert.ok(probe.logs.some((l) => l.includes('LB9999')), 'an unknown code is logged');
  } finally {
    await probe.stop();
  }
});

lsp('completion at top level offers block keywords and block snippets', async () => {
  const items = await completion(mainUri, positionOf(MAIN, MAIN.length));
  const names = labels(items);
  for (const kind of ['backend', 'frontend', 'vrrp', 'cluster', 'stats', 'global', 'let', 'fn', 'import']) assert.ok(names.includes(kind), kind);
  for (const snippet of ['backend', 'frontend', 'vrrp', 'cluster', 'stats']) {
    const item = items.find((i) => i.label === `${snippet} {…}`);
    assert.ok(item, `snippet ${snippet}`);
    assert.is(item!.insertTextFormat, 2);
    assert.ok(item!.insertText!.startsWith(`${snippet} `));
  }
  assert.not.ok(names.includes('balance'), 'no directives at top level');
});

lsp('completion in a block offers exactly that block\'s directives', async () => {
  const at = positionAfter(MAIN, 'backend web {\n');
  const names = labels(await completion(mainUri, at));
  for (const d of Object.keys(SCHEMA.backend.directives)) assert.ok(names.includes(d), d);
  assert.not.ok(names.includes('bind'), 'bind belongs to frontends');
  assert.not.ok(names.includes('backend'), 'no block keywords inside a block');
});

lsp('completion of directive words and declared names by kind', async () => {
  const text = `${MAIN}backend extra {\n  balance \n}\n`;
  const version = await client.change(mainUri, { start: positionOf(MAIN, MAIN.length), end: positionOf(MAIN, MAIN.length) }, 'backend extra {\n  balance \n}\n');
  await client.diagnostics(mainUri, version);
  const balance = labels(await completion(mainUri, positionAfter(text, 'balance ')));
  assert.ok(balance.includes('roundrobin') && balance.includes('leastconn'));
  // Undo.
  const undo = await client.change(mainUri, { start: positionOf(MAIN, MAIN.length), end: positionOf(text, text.length) }, '');
  await client.diagnostics(mainUri, undo);

  const defaults = labels(await completion(mainUri, positionAfter(MAIN, 'default ')));
  assert.ok(defaults.includes('app'), 'a backend from the imported file');
  assert.ok(defaults.includes('web'));
  assert.not.ok(defaults.includes('site'), 'a frontend is not a backend');
  const route = labels(await completion(mainUri, positionAfter(MAIN, 'route   ')));
  assert.ok(route.includes('web') && route.includes('app'));

  const members = labels(await completion(machinesUri, positionAfter(MACHINES, 'members lb1 priority 150, ')));
  assert.ok(members.includes('lb1') && members.includes('lb2'), 'hosts after members');
  assert.not.ok(members.includes('api'));
  const endpoint = labels(await completion(machinesUri, positionAfter(MACHINES, 'endpoint ')));
  assert.ok(endpoint.includes('api'), 'vrrp names after endpoint');
  assert.ok(endpoint.includes('internal-haproxy') && endpoint.includes('kube-vip'));
  assert.not.ok(endpoint.includes('lb1'));
});

lsp('completion inside env(" lists environment variables', async () => {
  const names = labels(await completion(mainUri, positionAfter(MAIN, 'env("')));
  assert.ok(names.includes('LB_TEST_VARIABLE'));
  assert.ok(names.includes('LB_TEST_PASSWORD'));
});

lsp('broken input while typing: an unclosed block still completes and the server survives', async () => {
  const uri = project.uri('typing.lb');
  const steps = ['b', 'backend', 'backend x', 'backend x {', 'backend x {\n  ', 'backend x {\n  bal', 'backend x {\n  balance ', 'backend x {\n  balance "', 'backend x {\n  server a 1.2.3.4:', 'backend x {\n  server a 1.2.3.4:80 wei'];
  await client.open(uri, '');
  let previous = '';
  for (const text of steps) {
    await replaceAndWait(uri, previous, text);
    previous = text;
    await completion(uri, positionOf(text, text.length));
    await client.request('textDocument/hover', { ...doc(uri), position: positionOf(text, text.length) });
    await client.request('textDocument/semanticTokens/full', doc(uri));
    await client.request('textDocument/documentSymbol', doc(uri));
  }
  const afterBal = labels(await completion(uri, positionOf('backend x {\n  bal', 'backend x {\n  bal'.length)).catch(() => []));
  void afterBal;
  const text = 'backend x {\n  bal';
  await replaceAndWait(uri, previous, text);
  const names = labels(await completion(uri, positionOf(text, text.length)));
  assert.ok(names.includes('balance'), 'directives of the unclosed backend');
  assert.not.ok(names.includes('bind'));
  const weight = labels(await completion(uri, positionOf(text, text.length)));
  assert.ok(weight.length > 0);
  assert.not.ok(client.exited, 'the server is still running');
  await client.close(uri);
});

lsp('completion right after an edit is answered first, from the text as it is now, before that edit is checked', async () => {
  const uri = project.uri('typing-fast.lb');
  // Large enough that checking it takes many milliseconds: an answer that waited for the check would come second.
  const units = Array.from({ length: 300 }, (_, i) => `backend b${i} {\n  balance roundrobin\n  server s${i} 127.0.0.1:${10000 + i}\n}\n`).join('');
  const text = `${units}frontend f {\n  bind *:80\n  default b0\n}\n`;
  await client.open(uri, text);
  await client.diagnostics(uri, 1);
  const typed = 'backend typed {\n  ';
  const end = positionOf(text, text.length);
  const order: string[] = [];
  const version = await client.change(uri, { start: end, end }, typed);
  const checked = client.diagnostics(uri, version).then(() => order.push('diagnostics'));
  const items = await completion(uri, positionOf(text + typed, (text + typed).length));
  order.push('completion');
  await checked;
  assert.equal(order, ['completion', 'diagnostics']);
  // The block typed in this very edit is the context: its directives, not top-level keywords.
  assert.ok(labels(items).includes('balance'), JSON.stringify(labels(items)));
  assert.not.ok(labels(items).includes('frontend'));
  // Declared names come from the last finished analysis: the backends are offered after `default `.
  const more = `frontend g {\n  default `;
  const at = positionOf(text + typed, (text + typed).length);
  const v2 = await client.change(uri, { start: at, end: at }, `}\n${more}`);
  const names = labels(await completion(uri, positionOf(text + typed + `}\n${more}`, (text + typed + `}\n${more}`).length)));
  assert.ok(names.includes('b299'), 'a backend declared before the edit');
  await client.diagnostics(uri, v2);
  await client.close(uri);
});

lsp('hover explains keywords with a link to the upstream reference', async () => {
  const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc(commonUri), position: positionAfter(COMMON, '  heal') });
  assert.ok(hover.contents.value.includes(SCHEMA.backend.directives.health.doc));
  assert.ok(hover.contents.value.includes('https://docs.haproxy.org/2.6/configuration.html#'));
  const vrrp = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc(machinesUri), position: positionAfter(MACHINES, '  router-') });
  assert.ok(vrrp.contents.value.includes(SCHEMA.vrrp.directives['router-id'].doc));
  assert.ok(vrrp.contents.value.includes('keepalived'));
  const cluster = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc(machinesUri), position: positionAfter(MACHINES, 'kuber') });
  assert.ok(cluster.contents.value.includes('kubekey'));
});

lsp('hover shows values: a let, a loop variable, a server\'s effective settings; never a secret', async () => {
  const base = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc(mainUri), position: positionAfter(MAIN, 'base + ', true) });
  assert.ok(base.contents.value.includes('let base = 9000'), base.contents.value);
  const loop = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc(mainUri), position: positionAfter(MAIN, 'server name', false) });
  assert.ok(loop.contents.value.includes('"w1", "w2", "w3"'), loop.contents.value);
  const server = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc(commonUri), position: positionAfter(COMMON, 'server app1 127.0') });
  assert.ok(server.contents.value.includes('weight 7'), `server-defaults merged: ${server.contents.value}`);
  assert.ok(server.contents.value.includes('127.0.0.1:8080'));
  const secret = await client.request<{ contents: { value: string } }>('textDocument/hover', { ...doc(mainUri), position: positionAfter(MAIN, 'auth admin pass') });
  assert.ok(secret.contents.value.includes('<secret>'), secret.contents.value);
  assert.not.ok(secret.contents.value.includes(PASSWORD));
});

lsp('go to definition across an import, and from an import path to the file', async () => {
  const locations = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', { ...doc(mainUri), position: positionAfter(MAIN, 'default app', true) });
  const target = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', { ...doc(mainUri), position: positionAfter(MAIN, 'default ap') });
  assert.equal(target, [], 'an unknown name has no definition');
  const app = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', { ...doc(mainUri), position: { ...positionAfter(MAIN, 'default app\n', true), character: 10 } });
  void locations;
  assert.is(app.length, 1);
  assert.is(app[0].uri, commonUri);
  assert.equal(app[0].range.start, positionAfter(COMMON, 'backend ', false));
  const file = await client.request<{ uri: string }[]>('textDocument/definition', { ...doc(mainUri), position: positionAfter(MAIN, 'import "./com') });
  assert.is(file[0]?.uri, commonUri);
  const variable = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', { ...doc(mainUri), position: positionAfter(MAIN, 'base + ', true) });
  assert.equal(variable[0].range.start, positionAfter(MAIN, 'let ', false));
});

lsp('find references across files', async () => {
  const refs = await client.request<{ uri: string; range: Range }[]>('textDocument/references', {
    ...doc(commonUri), position: positionAfter(COMMON, 'backend a'), context: { includeDeclaration: true },
  });
  const where = refs.map((r) => `${r.uri === commonUri ? 'common' : r.uri === mainUri ? 'main' : r.uri}:${r.range.start.line}`).sort();
  assert.equal(where, ['common:1', `main:${positionAfter(MAIN, 'default app\n', true).line}`]);
});

lsp('rename a backend across two files (declaration in the imported file)', async () => {
  const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', { ...doc(mainUri), position: { ...positionAfter(MAIN, 'default app\n', true), character: 11 } });
  assert.is(prepared.placeholder, 'app');
  for (const [uri, position] of [[mainUri, { line: prepared.range.start.line, character: 10 }], [commonUri, positionAfter(COMMON, 'backend a')]] as const) {
    const edit = await client.request<{ changes: Record<string, { range: Range; newText: string }[]> }>('textDocument/rename', { ...doc(uri), position, newName: 'api-pool' });
    assert.equal(Object.keys(edit.changes).sort(), [commonUri, mainUri].sort(), `edits both files (from ${uri})`);
    assert.is(edit.changes[commonUri].length, 1);
    assert.is(edit.changes[mainUri].length, 1);
    assert.ok(edit.changes[mainUri].every((e) => e.newText === 'api-pool'));
    // Applying the edits gives a program where the reference still resolves.
    const apply = (text: string, edits: { range: Range; newText: string }[]) => {
      const src = new SourceText('x', text);
      return [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)
        .reduce((t, e) => t.slice(0, src.offset({ line: e.range.start.line + 1, column: e.range.start.character + 1 })) + e.newText + t.slice(src.offset({ line: e.range.end.line + 1, column: e.range.end.character + 1 })), text);
    };
    const newMain = apply(MAIN, edit.changes[mainUri]);
    const newCommon = apply(COMMON, edit.changes[commonUri]);
    assert.ok(newMain.includes('default api-pool') && newCommon.includes('backend api-pool'));
    const after = freshCheck(project.path('main.lb'), { [project.path('main.lb')]: newMain, [project.path('common.lb')]: newCommon }, { LB_TEST_PASSWORD: PASSWORD });
    assert.is(after.filter((d) => d.code === 'LB1003').length, 1, 'only the deliberate `default ap` stays unknown');
  }
  const bad = await client.request('textDocument/rename', { ...doc(commonUri), position: positionAfter(COMMON, 'backend a'), newName: 'not valid' }).then(() => 'accepted', (e: Error) => e.message);
  assert.match(String(bad), /not a valid name/);
});

lsp('rename a variable renames its uses only', async () => {
  const edit = await client.request<{ changes: Record<string, { range: Range; newText: string }[]> }>('textDocument/rename', { ...doc(mainUri), position: positionAfter(MAIN, 'let ba'), newName: 'first_port' });
  assert.is(edit.changes[mainUri].length, 2);
  assert.equal(Object.keys(edit.changes), [mainUri]);
});

lsp('named defaults, functions and hosts: definition, references and header completion', async () => {
  const uri = project.uri('scripts.lb');
  const text = `defaults base {\n  mode http\n  timeout connect 5s, client 30s, server 30s\n}\nfn twice(n) = n * 2\nbackend pool from base {\n  server p1 127.0.0.1:twice(4000)\n}\nfrontend front from base {\n  bind *:7000\n  default pool\n}\nbackend spare from \n`;
  await client.open(uri, text);
  await client.diagnostics(uri, 1);
  const toDefaults = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', { ...doc(uri), position: positionAfter(text, 'pool from ba') });
  assert.equal(toDefaults.map((l) => l.range.start), [positionAfter(text, 'defaults ')]);
  const toFn = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', { ...doc(uri), position: positionAfter(text, ':twi') });
  assert.equal(toFn.map((l) => l.range.start), [positionAfter(text, 'fn ')]);
  const uses = await client.request<unknown[]>('textDocument/references', { ...doc(uri), position: positionAfter(text, 'defaults ba'), context: { includeDeclaration: false } });
  assert.is(uses.length, 2, 'from base twice');
  const header = labels(await completion(uri, positionAfter(text, 'backend spare from ')));
  assert.ok(header.includes('base'), JSON.stringify(header));
  assert.not.ok(header.includes('pool'));
  const hosts = await client.request<unknown[]>('textDocument/references', { ...doc(machinesUri), position: positionAfter(MACHINES, 'host lb'), context: { includeDeclaration: true } });
  assert.is(hosts.length, 2, 'host lb1 and its vrrp membership');
  await client.close(uri);
});

lsp('document symbols and workspace symbols', async () => {
  const symbols = await client.request<{ name: string; detail?: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', doc(mainUri));
  const names = symbols.map((s) => s.name);
  for (const n of ['base', 'password', 'web', 'site', 'other', 'defaults', 'stats']) assert.ok(names.includes(n), n);
  assert.ok(symbols.find((s) => s.name === 'web')!.children!.some((c) => c.name === 'server name'));
  const found = await client.request<{ name: string; location: { uri: string } }[]>('workspace/symbol', { query: 'ap' });
  assert.ok(found.some((s) => s.name === 'app' && s.location.uri === commonUri));
  assert.ok(found.some((s) => s.name === 'api' && s.location.uri === machinesUri));
  assert.not.ok(found.some((s) => s.name === 'web'));
});

lsp('folding ranges cover multi-line blocks', async () => {
  const ranges = await client.request<{ startLine: number; endLine: number; kind?: string }[]>('textDocument/foldingRange', doc(mainUri));
  const web = positionAfter(MAIN, 'backend web').line;
  const loop = positionAfter(MAIN, '  for i').line;
  assert.ok(ranges.some((r) => r.startLine === web && r.endLine === web + 3), 'backend web');
  assert.ok(ranges.some((r) => r.startLine === loop && r.endLine === loop + 1), 'the for loop');
});

lsp('semantic tokens classify keywords, directives, names, strings, numbers and comments', async () => {
  const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', doc(commonUri));
  const legend = ['keyword', 'property', 'class', 'variable', 'parameter', 'function', 'string', 'number', 'enumMember', 'comment'];
  const decoded: { line: number; char: number; length: number; type: string }[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [dl, dc, length, type] = tokens.data.slice(i, i + 4);
    line += dl;
    char = dl === 0 ? char + dc : dc;
    decoded.push({ line, char, length, type: legend[type] });
  }
  const lines = COMMON.split('\n');
  const text = (t: { line: number; char: number; length: number }) => lines[t.line].slice(t.char, t.char + t.length);
  const typeOf = (word: string) => decoded.find((t) => text(t) === word)?.type;
  assert.is(typeOf('# shared backends'), 'comment');
  assert.is(typeOf('backend'), 'keyword');
  assert.is(typeOf('server'), 'property');
  assert.is(typeOf('app'), 'class');
  assert.is(typeOf('"/health"'), 'string');
  assert.is(typeOf('127.0.0.1:8080'), 'number');
  assert.is(typeOf('7'), 'number');
  assert.is(typeOf('http'), 'enumMember');
});

lsp('inlay hints show the address each server in a loop gets', async () => {
  const hints = await client.request<{ position: Pos; label: string }[]>('textDocument/inlayHint', { ...doc(mainUri), range: { start: { line: 0, character: 0 }, end: positionOf(MAIN, MAIN.length) } });
  const loop = hints.find((h) => h.position.line === positionAfter(MAIN, 'server name').line);
  assert.ok(loop, JSON.stringify(hints));
  assert.ok(loop!.label.includes('w1 127.0.0.1:9000') && loop!.label.includes('w3 127.0.0.1:9002'), loop!.label);
  assert.not.ok(JSON.stringify(hints).includes(PASSWORD));
});

lsp('formatting returns lb fmt\'s text as one whole-document edit', async () => {
  const uri = project.uri('messy.lb');
  const messy = 'backend   app {\nserver a 127.0.0.1:80\n      balance roundrobin\n}\n';
  await client.open(uri, messy);
  const edits = await client.request<{ range: Range; newText: string }[]>('textDocument/formatting', { ...doc(uri), options: { tabSize: 2, insertSpaces: true } });
  const expected = format(messy, project.path('messy.lb'));
  assert.ok(expected.changed);
  assert.is(edits.length, 1);
  assert.equal(edits[0].range, { start: { line: 0, character: 0 }, end: positionOf(messy, messy.length) });
  assert.is(edits[0].newText, expected.text);
  await client.close(uri);
});

lsp('quick fixes: did you mean, next free port, health check, secret literal, suppress', async () => {
  const main = (await client.diagnostics(mainUri)).diagnostics as Diag[];
  const fixes = async (uri: string, d: Diag) => client.request<Action[]>('textDocument/codeAction', { ...doc(uri), range: d.range, context: { diagnostics: [d] } });
  const edits = (a: Action | undefined) => Object.values(a?.edit?.changes ?? {}).flat();

  const unknown = await fixes(mainUri, main.find((d) => d.code === 'LB1003')!);
  const mean = unknown.find((a) => a.title.includes("'app'"));
  assert.ok(mean, JSON.stringify(unknown.map((a) => a.title)));
  assert.is(edits(mean)[0].newText, 'app');

  const port = await fixes(mainUri, main.find((d) => d.code === 'LB2001')!);
  const next = port.find((a) => a.title.startsWith('Use the next free port'));
  assert.ok(next);
  assert.is(edits(next)[0].newText, '8001');

  const common = (await client.diagnostics(commonUri)).diagnostics as Diag[];
  const health = await fixes(commonUri, common.find((d) => d.code === 'LB2007')!);
  const remove = health.find((a) => a.title.includes('nocheck'));
  assert.ok(remove);
  const line = COMMON.split('\n')[edits(remove)[0].range.start.line];
  const fixed = line.slice(0, edits(remove)[0].range.start.character) + line.slice(edits(remove)[0].range.end.character);
  assert.is(fixed, '  server app2 127.0.0.1:8081');

  const machines = (await client.diagnostics(machinesUri)).diagnostics as Diag[];
  const literal = machines.find((d) => d.code === 'LB1015');
  assert.ok(literal, 'secret("hunter22") is reported');
  const env = (await fixes(machinesUri, literal!)).find((a) => a.title.includes('environment'));
  assert.is(edits(env)[0].newText, 'env("VRRP_API_AUTH_PASSWORD")');

  const suppress = unknown.find((a) => a.title === 'Suppress LB1003 on this line');
  assert.ok(suppress);
  assert.is(edits(suppress)[0].newText, '  # lb-ignore LB1003: reason\n');
  assert.is(edits(suppress)[0].range.start.line, positionAfter(MAIN, 'default ap').line);
});

lsp('quick fixes from the core\'s suggestions: a misspelt directive and a misspelt word', async () => {
  const uri = project.uri('typo.lb');
  const text = 'backend t {\n  balanse leastconn\n  server s 127.0.0.1:80\n}\nbackend u {\n  balance leastcon\n  server s 127.0.0.1:81\n}\n';
  await client.open(uri, text);
  const diags = (await client.diagnostics(uri, 1)).diagnostics as Diag[];
  const titles = async (code: string) => {
    const d = diags.find((x) => x.code === code);
    assert.ok(d, `${code} in ${JSON.stringify(diags.map((x) => x.code))}`);
    const actions = await client.request<Action[]>('textDocument/codeAction', { ...doc(uri), range: d!.range, context: { diagnostics: [d] } });
    return actions.map((a) => a.title);
  };
  assert.ok((await titles('LB1002')).includes("Change to 'balance'"));
  assert.ok((await titles('LB1005')).includes("Change to 'leastconn'"));
  await client.close(uri);
});

lsp('code lenses Run and Preview on every top-level block', async () => {
  const lenses = await client.request<{ range: Range; command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', doc(machinesUri));
  const blocks = MACHINES.split('\n').filter((l) => /^[a-z]/.test(l)).length;
  assert.is(lenses.filter((l) => l.command.title === 'Run').length, blocks);
  assert.is(lenses.filter((l) => l.command.title === 'Preview').length, blocks);
  assert.ok(lenses.every((l) => l.command.arguments[0] === machinesUri));
  assert.equal([...new Set(lenses.map((l) => l.command.command))].sort(), ['lb.preview', 'lb.run']);
});

lsp('lb.preview returns every generated file with its source map, secrets masked', async () => {
  const uri = project.uri('clean.lb');
  const clean = `defaults {\n  mode http\n  timeout connect 5s, client 30s, server 30s\n}\nbackend app {\n  server app1 127.0.0.1:8080\n}\nfrontend web {\n  bind *:8000\n  default app\n}\nstats {\n  bind 127.0.0.1:8404\n  auth admin secret(env("LB_TEST_PASSWORD"))\n}\n`;
  await client.open(uri, clean);
  const result = await client.request<{ ok: boolean; files: { path: string; text: string; map: ({ uri: string; range: Range } | null)[] }[] }>('workspace/executeCommand', { command: 'lb.preview', arguments: [uri] });
  assert.ok(result.ok);
  assert.equal(result.files.map((f) => f.path), ['haproxy.cfg']);
  const cfg = result.files[0];
  const lines = cfg.text.split('\n');
  assert.is(cfg.map.length, lines.length - 1);
  const serverLine = lines.findIndex((l) => l.trim().startsWith('server app1'));
  assert.ok(serverLine >= 0);
  assert.is(cfg.map[serverLine]?.uri, uri);
  assert.is(cfg.map[serverLine]?.range.start.line, positionAfter(clean, 'server app1').line);
  assert.ok(cfg.text.includes('<secret>'));
  assert.not.ok(JSON.stringify(result).includes(PASSWORD), 'the preview never holds a secret');

  const compiled = await client.request<{ ok: boolean; outDir: string; written: string[] }>('workspace/executeCommand', { command: 'lb.compile', arguments: [uri] });
  assert.ok(compiled.ok, JSON.stringify(compiled));
  const written = readFileSync(`${project.dir}/out/haproxy.cfg`, 'utf8');
  assert.ok(written.includes(`admin:${PASSWORD}`) || written.includes(PASSWORD), 'lb.compile writes the real file');

  const run = await client.request<{ ok: boolean; validated: { path: string; ok: boolean; output: string }[]; message: string }>('workspace/executeCommand', { command: 'lb.run', arguments: [uri] }, 20_000);
  if (existsSync('/usr/sbin/haproxy')) {
    assert.ok(run.ok, JSON.stringify(run));
    assert.equal(run.validated.map((v) => v.path), ['haproxy.cfg']);
    assert.ok(run.validated[0].ok);
  } else {
    assert.match(run.message, /not installed/);
  }
  assert.not.ok(JSON.stringify(run).includes(PASSWORD));
  const stop = await client.request<{ stopped: boolean }>('workspace/executeCommand', { command: 'lb.stop', arguments: [uri] });
  assert.is(stop.stopped, false);
  await client.close(uri);
});

lsp('lb.run reports haproxy -c errors at the .lb line they come from', async () => {
  if (!existsSync('/usr/sbin/haproxy')) return;
  const uri = project.uri('raw.lb');
  const text = `defaults {\n  mode http\n  timeout connect 5s, client 30s, server 30s\n}\nbackend app {\n  server app1 127.0.0.1:8080\n  raw "frobnicate on"\n}\nfrontend web {\n  bind *:8000\n  default app\n}\n`;
  await client.open(uri, text);
  const run = await client.request<{ ok: boolean; validated: { ok: boolean; messages: { location: { uri: string; range: Range } | null }[] }[] }>('workspace/executeCommand', { command: 'lb.run', arguments: [uri] }, 20_000);
  assert.not.ok(run.ok);
  const located = run.validated[0].messages.find((m) => m.location);
  assert.ok(located, JSON.stringify(run));
  assert.is(located!.location!.range.start.line, positionAfter(text, 'raw').line);
  await client.close(uri);
});

lsp('stale changes: after 20 quick edits the published diagnostics are those of the final text', async () => {
  const uri = project.uri('burst.lb');
  const path = project.path('burst.lb');
  await client.open(uri, '');
  await client.diagnostics(uri, 1);
  const before = client.published.filter((p) => p.uri === uri).length;
  let text = '';
  let version = 1;
  const pieces = ['backend b {\n', '  server s1 127.0.0.1:80', '80\n', '  balance ', 'roundrobn', '\n', '}\n', 'frontend f {\n', '  bind *:9', '000\n',
    '  default bb', '\n}\n', 'let x = ', '"unterminated', '\n', 'host h1 {\n', '  roles lb\n', '}\n', 'frontend g {\n  bind *:9000\n  default b\n}\n', '# end\n'];
  const sent: Promise<number>[] = [];
  for (const piece of pieces) {
    // Appending at the end of the document, all sent before the server answers anything: a typing burst.
    sent.push(client.change(uri, { start: positionOf(text, text.length), end: positionOf(text, text.length) }, piece));
    text += piece;
  }
  version = Math.max(...(await Promise.all(sent)));
  assert.is(version, 21);
  const final = await client.diagnostics(uri, version);
  const expected = freshCheck(path, { [path]: text });
  assert.equal((final.diagnostics as Diag[]).map((d) => ({ code: d.code, range: d.range })), expected);
  assert.ok(expected.length > 0, 'the final text has findings');
  const publishes = client.published.filter((p) => p.uri === uri).slice(before);
  const versions = publishes.map((p) => p.version ?? 0);
  assert.equal(versions, [...versions].sort((a, b) => a - b), 'never an older version after a newer one');
  assert.ok(publishes.length < pieces.length, `stale versions were skipped (${publishes.length} publishes for ${pieces.length} changes)`);
  await client.close(uri);
});

lsp('hostile input never takes the server down', async () => {
  const uri = project.uri('hostile.lb');
  const inputs = ['{'.repeat(5000), '"${'.repeat(300), 'backend { server', '\u0000\u0001\u{1F600}"\\', 'let = = =', 'fn f( { }', 'import "', 'for i in 1..1000000000 { }', '}}}}'];
  await client.open(uri, '');
  let previous = '';
  for (const text of inputs) {
    await replaceAndWait(uri, previous, text);
    previous = text;
    for (const method of ['textDocument/semanticTokens/full', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/codeLens']) {
      await client.request(method, doc(uri));
    }
    await completion(uri, positionOf(text, text.length));
    await client.request('textDocument/inlayHint', { ...doc(uri), range: { start: { line: 0, character: 0 }, end: positionOf(text, text.length) } });
  }
  assert.not.ok(client.exited);
  await client.close(uri);
});

lsp.run();
