/**
 * The picture as data, independent of the output format: nodes (with label lines and a style), groups of nodes and
 * edges. `build.ts` fills it from a model; `mermaid.ts` and `dot.ts` only print it, so both formats always show the
 * same topology.
 */
import { IdAllocator } from './ids.ts';

export type NodeKind = 'frontend' | 'backend' | 'server' | 'stats' | 'host' | 'vip' | 'endpoint' | 'node' | 'missing';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** Label, one entry per line; plain text (each renderer escapes it). */
  lines: string[];
  /** Something a reviewer should look at: an unchecked server, a stats page without auth, an undeclared name. */
  warn: boolean;
  /** Made by lb rather than written by the user (e.g. the apiserver proxy of a cluster). */
  derived: boolean;
}

export interface GraphGroup {
  id: string;
  label: string;
  nodes: GraphNode[];
}

export type GraphEntry = { kind: 'node'; node: GraphNode } | { kind: 'group'; group: GraphGroup };

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  /** dashed: a relation rather than traffic (a VIP held by hosts, an endpoint held by a VIP). */
  dashed: boolean;
}

export interface Graph {
  /** What the picture is of (the entry file), for a header comment. */
  title: string;
  /** Top-level nodes and groups in output order. */
  entries: GraphEntry[];
  edges: GraphEdge[];
}

/** Collects nodes, groups and edges in the order they are added, handing out unique IDs. */
export class GraphBuilder {
  readonly #ids = new IdAllocator();
  readonly #groups = new Map<string, GraphGroup>();
  readonly entries: GraphEntry[] = [];
  readonly edges: GraphEdge[] = [];

  /** A group, created on first use under `key` (an exact identity); `idHint` becomes its ID after sanitizing. */
  group(key: string, idHint: string, label: string): GraphGroup {
    const existing = this.#groups.get(key);
    if (existing) return existing;
    const group: GraphGroup = { id: this.#ids.allocate(`grp_${idHint}`), label, nodes: [] };
    this.#groups.set(key, group);
    this.entries.push({ kind: 'group', group });
    return group;
  }

  /** A new node; `idHint` (e.g. the element's name) becomes its ID after sanitizing and de-duplication. */
  node(kind: NodeKind, idHint: string, lines: string[], options: { warn?: boolean; derived?: boolean; group?: GraphGroup } = {}): GraphNode {
    const node: GraphNode = { id: this.#ids.allocate(`${PREFIX[kind]}_${idHint}`), kind, lines, warn: options.warn ?? false, derived: options.derived ?? false };
    if (options.group) options.group.nodes.push(node);
    else this.entries.push({ kind: 'node', node });
    return node;
  }

  edge(from: GraphNode, to: GraphNode, label?: string, dashed = false): void {
    this.edges.push({ from: from.id, to: to.id, label: label === undefined || label === '' ? undefined : label, dashed });
  }

  build(title: string): Graph {
    return { title, entries: this.entries, edges: this.edges };
  }
}

const PREFIX: Record<NodeKind, string> = {
  frontend: 'fe', backend: 'be', server: 'srv', stats: 'st', host: 'host', vip: 'vip', endpoint: 'ep', node: 'node', missing: 'missing',
};
