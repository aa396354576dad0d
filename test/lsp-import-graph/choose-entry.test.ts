/** chooseEntry: one entry among several, deterministically. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chooseEntry } from '../../packages/lsp/src/import-graph.ts';

const choose = suite('choose entry');

choose('none: undefined', () => {
  assert.is(chooseEntry([], () => true), undefined);
});

choose('an open document wins over a shorter path', () => {
  const entries = ['/ws/site.lb', '/ws/envs/staging.lb', '/ws/envs/prod.lb'];
  assert.is(chooseEntry(entries, (p) => p === '/ws/envs/staging.lb'), '/ws/envs/staging.lb');
});

choose('among open (or among closed) ones: the shortest path, then alphabetical, whatever the order given', () => {
  const entries = ['/ws/envs/prod.lb', '/ws/b.lb', '/ws/a.lb', '/ws/envs/dev.lb'];
  assert.is(chooseEntry(entries), '/ws/a.lb');
  assert.is(chooseEntry([...entries].reverse()), '/ws/a.lb');
  const open = new Set(['/ws/envs/prod.lb', '/ws/envs/dev.lb']);
  assert.is(chooseEntry(entries, (p) => open.has(p)), '/ws/envs/dev.lb');
  assert.is(chooseEntry([...entries].reverse(), (p) => open.has(p)), '/ws/envs/dev.lb');
});

choose.run();
