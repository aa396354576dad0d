/** ImportGraph over real temp directories: who imports whom, and which entry a file is checked from. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ImportGraph, listLbFiles } from '../../packages/lsp/src/import-graph.ts';
import { readDisk, tempTree, withTree, type TempTree } from './helpers.ts';

const BACKEND = 'backend app { server a1 127.0.0.1:8080 }\n';

function graphOf(tree: TempTree, overlay: Map<string, string> = new Map()): ImportGraph {
  return new ImportGraph((p) => overlay.get(p) ?? readDisk(p), () => listLbFiles([tree.dir]));
}

const graph = suite('import graph');

graph('a file imported directly is checked from its importer; the importer and a lone file from nowhere', () =>
  withTree({ 'site.lb': 'import "./common.lb"\n', 'common.lb': BACKEND, 'alone.lb': BACKEND }, (tree) => {
    const g = graphOf(tree);
    assert.equal(g.entriesFor(tree.path('common.lb')), [tree.path('site.lb')]);
    assert.equal(g.entriesFor(tree.path('site.lb')), []);
    assert.equal(g.entriesFor(tree.path('alone.lb')), []);
    assert.equal(g.importsOf(tree.path('site.lb')), [tree.path('common.lb')]);
    assert.equal(g.importersOf(tree.path('common.lb')), [tree.path('site.lb')]);
  }));

graph('transitive: a -> b -> c gives c (and b) the entry a, with paths resolved across folders', () =>
  withTree({
    'a.lb': 'import "lib/b.lb"\n',
    'lib/b.lb': 'import "../shared/c.lb"\n',
    'shared/c.lb': BACKEND,
  }, (tree) => {
    const g = graphOf(tree);
    assert.equal(g.entriesFor(tree.path('shared/c.lb')), [tree.path('a.lb')]);
    assert.equal(g.entriesFor(tree.path('lib/b.lb')), [tree.path('a.lb')]);
  }));

graph('a cycle a <-> b does not hang and has no entry; an entry above the cycle is found', () =>
  withTree({ 'a.lb': 'import "./b.lb"\n', 'b.lb': 'import "./a.lb"\n', 'self.lb': 'import "./self.lb"\n' }, (tree) => {
    const g = graphOf(tree);
    assert.equal(g.entriesFor(tree.path('a.lb')), []);
    assert.equal(g.entriesFor(tree.path('b.lb')), []);
    assert.equal(g.entriesFor(tree.path('self.lb')), []);
    tree.write('top.lb', 'import "./a.lb"\n');
    g.update(tree.path('top.lb'));
    assert.equal(g.entriesFor(tree.path('b.lb')), [tree.path('top.lb')]);
    assert.equal(g.entriesFor(tree.path('a.lb')), [tree.path('top.lb')]);
  }));

graph('a file imported by two entries gets both, sorted; a shared middle file is not an entry', () =>
  withTree({
    'prod.lb': 'import "./mid.lb"\n',
    'dev.lb': 'import "./common.lb"\n',
    'mid.lb': 'import "./common.lb"\n',
    'common.lb': BACKEND,
  }, (tree) => {
    const g = graphOf(tree);
    assert.equal(g.entriesFor(tree.path('common.lb')), [tree.path('dev.lb'), tree.path('prod.lb')]);
  }));

graph('update after an import line is removed (or added back) changes the answer; update reads one file', () =>
  withTree({ 'site.lb': 'import "./common.lb"\nimport "./more.lb"\n', 'common.lb': BACKEND, 'more.lb': BACKEND }, (tree) => {
    const reads: string[] = [];
    const g = new ImportGraph((p) => (reads.push(p), readDisk(p)), () => listLbFiles([tree.dir]));
    assert.equal(g.entriesFor(tree.path('common.lb')), [tree.path('site.lb')]);
    tree.write('site.lb', 'import "./more.lb"\n');
    reads.length = 0;
    g.update(tree.path('site.lb'));
    assert.equal(reads, [tree.path('site.lb')]);
    assert.equal(g.entriesFor(tree.path('common.lb')), []);
    assert.equal(g.entriesFor(tree.path('more.lb')), [tree.path('site.lb')]);
    tree.write('site.lb', 'import "./common.lb"\n');
    g.update(tree.path('site.lb'));
    assert.equal(g.entriesFor(tree.path('common.lb')), [tree.path('site.lb')]);
    assert.equal(g.entriesFor(tree.path('more.lb')), []);
  }));

graph('an open document\'s unsaved text is what counts', () =>
  withTree({ 'site.lb': BACKEND, 'common.lb': BACKEND }, (tree) => {
    const overlay = new Map<string, string>();
    const g = graphOf(tree, overlay);
    assert.equal(g.entriesFor(tree.path('common.lb')), []);
    overlay.set(tree.path('site.lb'), 'import "./common.lb"\n');
    g.update(tree.path('site.lb'));
    assert.equal(g.entriesFor(tree.path('common.lb')), [tree.path('site.lb')]);
  }));

graph('a deleted importer: remove() and rescan() both drop it; update() of an unreadable file removes it', () =>
  withTree({ 'site.lb': 'import "./common.lb"\n', 'other.lb': 'import "./common.lb"\n', 'common.lb': BACKEND }, (tree) => {
    const g = graphOf(tree);
    assert.equal(g.entriesFor(tree.path('common.lb')).length, 2);
    g.remove(tree.path('site.lb'));
    assert.equal(g.entriesFor(tree.path('common.lb')), [tree.path('other.lb')]);
    tree.remove('other.lb');
    g.update(tree.path('other.lb'));
    assert.equal(g.entriesFor(tree.path('common.lb')), []);
    g.rescan();
    assert.equal(g.entriesFor(tree.path('common.lb')), [tree.path('site.lb')]);
    tree.remove('site.lb');
    g.rescan();
    assert.equal(g.entriesFor(tree.path('common.lb')), []);
  }));

graph('a file outside the workspace folders: its importer is found, and chains through it stay linked', () =>
  withTree({
    'ws/site.lb': 'import "../outside/mid.lb"\n',
    'outside/mid.lb': 'import "./leaf.lb"\n',
    'outside/leaf.lb': BACKEND,
  }, (tree) => {
    const g = new ImportGraph(readDisk, () => listLbFiles([tree.path('ws')]));
    assert.equal(g.entriesFor(tree.path('outside/leaf.lb')), [tree.path('ws/site.lb')]);
    // A document opened outside the folders and imported by nothing is kept by rescan while it exists.
    tree.write('elsewhere/open.lb', 'import "../outside/leaf.lb"\n');
    g.update(tree.path('elsewhere/open.lb'));
    g.rescan();
    assert.equal(g.entriesFor(tree.path('outside/leaf.lb')), [tree.path('elsewhere/open.lb'), tree.path('ws/site.lb')]);
    // Once the workspace stops importing mid.lb, a rescan forgets it: it must not become an entry of leaf.lb.
    tree.write('ws/site.lb', BACKEND);
    tree.remove('elsewhere/open.lb');
    g.rescan();
    assert.equal(g.entriesFor(tree.path('outside/leaf.lb')), []);
    assert.equal(g.importsOf(tree.path('outside/mid.lb')), []);
  }));

graph('computed import paths are ignored, so such a file counts as imported by nothing', () =>
  withTree({ 'site.lb': 'let dir = "."\nimport "${dir}/common.lb"\n', 'common.lb': BACKEND }, (tree) => {
    assert.equal(graphOf(tree).entriesFor(tree.path('common.lb')), []);
  }));

graph('a failing reader or lister never throws', () => {
  const g = new ImportGraph(
    () => {
      throw new Error('EACCES');
    },
    () => {
      throw new Error('gone');
    },
  );
  g.rescan();
  g.update('/nowhere/x.lb');
  assert.equal(g.entriesFor('/nowhere/x.lb'), []);
});

graph('a long chain resolves quickly (500 files, each importing the next)', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 500; i++) files[`d${i % 10}/f${i}.lb`] = `import "../d${(i + 1) % 10}/f${i + 1}.lb"\n${BACKEND}`;
  files['d0/f500.lb'] = BACKEND;
  const tree = tempTree(files);
  try {
    const g = graphOf(tree);
    const started = performance.now();
    g.rescan();
    const entries = g.entriesFor(tree.path('d0/f500.lb'));
    const elapsed = performance.now() - started;
    assert.equal(entries, [tree.path('d0/f0.lb')]);
    assert.ok(elapsed < 2000, `took ${elapsed.toFixed(0)} ms`);
  } finally {
    tree.cleanup();
  }
});

graph.run();
