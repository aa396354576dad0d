/** The topology pictures the CLI shows (`lb graph`, the GitHub job summary), from the graph module. */
import { buildGraph, graphDot, graphMermaid } from '../graph/index.ts';
import type { Model } from '../model/model.ts';

/** Mermaid source of a file's topology, or undefined when it declares nothing to draw (a library of `let`s). */
export function topologyMermaid(model: Model): string | undefined {
  return buildGraph(model).entries.length === 0 ? undefined : graphMermaid(model);
}

export { graphDot, graphMermaid };
