/** Turns the evaluated top-level declarations into the model, one builder per block kind. */
import { emptyModel, type Model } from '../../model/model.ts';
import { closest } from '../../util/suggest.ts';
import type { Reporter } from '../report.ts';
import { BLOCK_KINDS, blocksAllowing, isBlockKind, type BlockKind } from '../schema.ts';
import type { Decl } from '../values.ts';
import { buildCluster } from './cluster.ts';
import { buildDefaults, buildGlobal, buildStats } from './haproxy-blocks.ts';
import { buildHost, buildVrrp } from './machines.ts';
import { buildBackend, buildFrontend, buildListen } from './proxies.ts';

export function buildModel(decls: readonly Decl[], reporter: Reporter, sources: readonly string[]): Model {
  const model = emptyModel(sources[0] ?? '');
  model.sources = [...sources];
  const byKind = new Map<BlockKind, Decl[]>(BLOCK_KINDS.map((k) => [k, []]));
  for (const decl of decls) {
    if (isBlockKind(decl.keyword)) {
      // A block keyword without braces (`global`) is an empty block.
      byKind.get(decl.keyword)!.push(decl.body ? decl : { ...decl, body: [] });
      continue;
    }
    reportTopLevel(decl, reporter);
  }
  model.global = buildGlobal(byKind.get('global')!, reporter);
  // Hosts first: cluster nodes named like a host take its address.
  for (const d of byKind.get('host')!) push(model.hosts, buildHost(d, reporter));
  // Build in source order so model arrays keep declaration order.
  for (const decl of decls) {
    if (!decl.body && !isBlockKind(decl.keyword)) continue;
    switch (decl.keyword) {
      case 'defaults': model.defaults.push(buildDefaults(decl, reporter)); break;
      case 'frontend': push(model.frontends, buildFrontend(decl, reporter)); break;
      case 'backend': push(model.backends, buildBackend(decl, reporter)); break;
      case 'listen': {
        const pair = buildListen(decl, reporter);
        if (pair) {
          model.frontends.push(pair.frontend);
          model.backends.push(pair.backend);
        }
        break;
      }
      case 'stats': push(model.stats, buildStats(decl.body ? decl : { ...decl, body: [] }, reporter)); break;
      case 'vrrp': push(model.vrrps, buildVrrp(decl, reporter)); break;
      case 'cluster': push(model.clusters, buildCluster(decl, reporter, model.hosts)); break;
    }
  }
  return model;
}

function push<T>(list: T[], item: T | undefined): void {
  if (item) list.push(item);
}

function reportTopLevel(decl: Decl, reporter: Reporter): void {
  const elsewhere = blocksAllowing(decl.keyword);
  if (!decl.body && elsewhere.length > 0) {
    reporter.report(
      'LB1021', decl.keywordSpan, `'${decl.keyword}' must be inside a block: ${elsewhere.join(' or ')}.`,
      undefined, { allowedIn: elsewhere },
    );
    return;
  }
  const suggestion = closest(decl.keyword, BLOCK_KINDS);
  reporter.report(
    'LB1001', decl.keywordSpan,
    `Unknown block '${decl.keyword}'.${suggestion ? ` Did you mean '${suggestion}'?` : ` Blocks are: ${BLOCK_KINDS.join(', ')}.`}`,
    undefined, suggestion ? { suggestion } : undefined,
  );
}
