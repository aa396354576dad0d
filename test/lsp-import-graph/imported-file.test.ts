/**
 * The behaviour the language server's wiring must deliver, shown with the core's own `check()` on the fixture pair
 * test/fixtures/lsp-imported: common.lb (backends, no timeouts, no frontends) checked alone gets LB2009 and LB2015;
 * checked from site.lb (the entry the import graph finds), none of them, and a real problem in common.lb still shows.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { check, memoryFileSystem, type Diagnostic } from '../../packages/dsl/src/index.ts';
import { chooseEntry, ImportGraph, listLbFiles } from '../../packages/lsp/src/import-graph.ts';

const dir = resolve(import.meta.dirname, '../fixtures/lsp-imported');
const site = `${dir}/site.lb`;
const common = `${dir}/common.lb`;
const disk: Record<string, string> = { [site]: readFileSync(site, 'utf8'), [common]: readFileSync(common, 'utf8') };

/** What the server would publish for `path`: the diagnostics of checking `entry` whose span is in `path`. */
function publishedFor(path: string, entry: string, files: Record<string, string> = disk): Diagnostic[] {
  // A memory file system: no lb.json from around the checkout can change the result.
  const result = check(entry, { fs: memoryFileSystem(files), env: {} });
  assert.ok(result.files.has(path), `${entry} does not read ${path}`);
  return result.diagnostics.filter((d) => d.span.file === path);
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);
const names = (diagnostics: Diagnostic[], code: string, text: string) =>
  diagnostics.filter((d) => d.code === code).map((d) => text.slice(d.span.start, d.span.end));

const imported = suite('imported file checked from its entry');

imported('the import graph finds site.lb as the entry of common.lb', () => {
  const graph = new ImportGraph((p) => disk[p], () => listLbFiles([dir]));
  const entries = graph.entriesFor(common);
  assert.equal(entries, [site]);
  assert.is(chooseEntry(entries, () => false), site);
  assert.equal(graph.entriesFor(site), []);
});

imported('checked alone, common.lb gets the false LB2009 and LB2015 on both backends', () => {
  const alone = publishedFor(common, common);
  assert.equal(names(alone, 'LB2009', disk[common]), ['app', 'api']);
  assert.equal(names(alone, 'LB2015', disk[common]), ['app', 'api']);
});

imported('checked from site.lb, common.lb has none of them (nor anything else), and site.lb is clean too', () => {
  const fromEntry = publishedFor(common, site);
  assert.equal(codes(fromEntry), []);
  assert.equal(codes(publishedFor(site, site)), []);
});

imported('with an unsaved edit of common.lb overlaid, a real unused backend is still reported, in common.lb', () => {
  const edited = `${disk[common]}backend spare {\n  server spare1 127.0.0.1:7070\n}\n`;
  const fromEntry = publishedFor(common, site, { ...disk, [common]: edited });
  assert.equal(names(fromEntry, 'LB2015', edited), ['spare']);
  assert.equal(names(fromEntry, 'LB2009', edited), []);
});

imported('when the entry stops importing the file, it has no entry and is checked alone again', () => {
  const unlinked = disk[site].replace('import "./common.lb"\n', '');
  assert.not.equal(unlinked, disk[site]);
  const texts: Record<string, string> = { ...disk };
  const graph = new ImportGraph((p) => texts[p], () => listLbFiles([dir]));
  assert.equal(graph.entriesFor(common), [site]);
  texts[site] = unlinked;
  graph.update(site);
  assert.equal(graph.entriesFor(common), []);
});

imported.run();
