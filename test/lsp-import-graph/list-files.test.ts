/** listLbFiles / scanLbFiles: which folders the workspace scan enters, and its bounds. */
import { mkdirSync, symlinkSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { listLbFiles, scanLbFiles } from '../../packages/lsp/src/import-graph.ts';
import { tempTree, withTree } from './helpers.ts';

const list = suite('list .lb files');

list('finds .lb files at any depth, sorted per folder, and skips generated and hidden folders', () =>
  withTree({
    'site.lb': '',
    'b.lb': '',
    'notes.txt': '',
    'site.lb.bak': '',
    'lib/common.lb': '',
    'lib/deep/er/x.lb': '',
    'node_modules/pkg/a.lb': '',
    '.git/x.lb': '',
    '.hidden/y.lb': '',
    'dist/z.lb': '',
    'out/w.lb': '',
    'lib/node_modules/v.lb': '',
  }, (tree) => {
    const found = listLbFiles([tree.dir]);
    assert.equal(found, [tree.path('b.lb'), tree.path('site.lb'), tree.path('lib/common.lb'), tree.path('lib/deep/er/x.lb')]);
    assert.equal(scanLbFiles([tree.dir]).truncated, false);
  }));

list('several roots, a missing root and a root listed twice', () =>
  withTree({ 'one/a.lb': '', 'two/b.lb': '' }, (tree) => {
    const found = listLbFiles([tree.path('one'), tree.path('missing'), tree.path('two'), tree.path('one')]);
    assert.equal(found, [tree.path('one/a.lb'), tree.path('two/b.lb')]);
  }));

list('maxFiles stops the scan and says so; exactly maxFiles files is not truncated', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++) files[`f${String(i).padStart(2, '0')}.lb`] = '';
  const tree = tempTree(files);
  try {
    const cut = scanLbFiles([tree.dir], { maxFiles: 5 });
    assert.equal(cut.files.length, 5);
    assert.equal(cut.truncated, true);
    const exact = scanLbFiles([tree.dir], { maxFiles: 12 });
    assert.equal(exact.files.length, 12);
    assert.equal(exact.truncated, false);
  } finally {
    tree.cleanup();
  }
});

list('maxDepth leaves deeper folders out and says so', () =>
  withTree({ 'a.lb': '', 'l1/b.lb': '', 'l1/l2/c.lb': '', 'l1/l2/l3/d.lb': '' }, (tree) => {
    const shallow = scanLbFiles([tree.dir], { maxDepth: 1 });
    assert.equal(shallow.files, [tree.path('a.lb'), tree.path('l1/b.lb')]);
    assert.equal(shallow.truncated, true);
    assert.equal(scanLbFiles([tree.dir], { maxDepth: 0 }).files, [tree.path('a.lb')]);
    assert.equal(scanLbFiles([tree.dir], { maxDepth: 3 }).files.length, 4);
  }));

list('maxEntries bounds a big tree without .lb files', () => {
  const files: Record<string, string> = { 'z.lb': '' };
  for (let i = 0; i < 30; i++) files[`a${String(i).padStart(2, '0')}.txt`] = '';
  const tree = tempTree(files);
  try {
    const cut = scanLbFiles([tree.dir], { maxEntries: 10 });
    assert.equal(cut.files, []);
    assert.equal(cut.truncated, true);
    assert.equal(scanLbFiles([tree.dir]).files, [tree.path('z.lb')]);
  } finally {
    tree.cleanup();
  }
});

list('a symbolic link to a folder is not followed (no loop); a linked .lb file is listed', () =>
  withTree({ 'lib/a.lb': '', 'real.lb': '' }, (tree) => {
    symlinkSync(tree.dir, tree.path('lib/loop'));
    symlinkSync(tree.path('real.lb'), tree.path('lib/linked.lb'));
    mkdirSync(tree.path('empty'));
    const found = listLbFiles([tree.dir]);
    assert.equal(found, [tree.path('real.lb'), tree.path('lib/a.lb'), tree.path('lib/linked.lb')]);
  }));

list.run();
