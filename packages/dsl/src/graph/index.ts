/**
 * `lb graph`: the topology of a model as a picture source, Mermaid or Graphviz DOT. Pure and total: any model,
 * even one with errors (undeclared names, empty proxies), gives a drawing; secrets are never read.
 */
import type { Model } from '../model/model.ts';
import { buildGraph } from './build.ts';
import { renderDot } from './dot.ts';
import { renderMermaid } from './mermaid.ts';

export type { Graph, GraphEdge, GraphEntry, GraphGroup, GraphNode, NodeKind } from './graph.ts';
export { buildGraph } from './build.ts';

/** Mermaid `flowchart LR` text, ending with a newline. */
export function graphMermaid(model: Model): string {
  return renderMermaid(buildGraph(model));
}

/** Graphviz DOT (`digraph`) text, ending with a newline; `dot -Tsvg` renders it. */
export function graphDot(model: Model): string {
  return renderDot(buildGraph(model));
}
