/**
 * Graph -> Graphviz DOT. IDs and labels are always double-quoted; `\` and `"` are escaped, and lines are joined
 * with DOT's `\n` after escaping, so user text cannot end a string or add an escape sequence of its own. Groups
 * become `cluster_*` subgraphs (Graphviz draws a box only around subgraphs whose name starts with `cluster`).
 */
import { visible } from './describe.ts';
import type { Graph, GraphNode, NodeKind } from './graph.ts';

const NODE_STYLE: Record<NodeKind, { shape: string; fill: string; color: string }> = {
  frontend: { shape: 'box', fill: '#e3f2fd', color: '#1565c0' },
  backend: { shape: 'box', fill: '#e8f5e9', color: '#2e7d32' },
  server: { shape: 'box', fill: '#ffffff', color: '#2e7d32' },
  stats: { shape: 'component', fill: '#f3e5f5', color: '#6a1b9a' },
  host: { shape: 'box3d', fill: '#eceff1', color: '#455a64' },
  vip: { shape: 'ellipse', fill: '#fff8e1', color: '#ef6c00' },
  endpoint: { shape: 'cds', fill: '#fff8e1', color: '#ef6c00' },
  node: { shape: 'box', fill: '#ede7f6', color: '#4527a0' },
  missing: { shape: 'box', fill: '#ffffff', color: '#c62828' },
};

const WARN = { fill: '#fdecea', color: '#c62828', fontcolor: '#7f0000' };

export function renderDot(graph: Graph): string {
  const out: string[] = ['digraph "lb" {'];
  const title = graph.title === '' ? '' : `, label=${dotString(`lb graph: ${graph.title}`)}, labelloc="t"`;
  out.push(`  graph [rankdir="LR", fontname="Helvetica", fontsize="11"${title}];`);
  out.push('  node [fontname="Helvetica", fontsize="10", style="rounded,filled"];');
  out.push('  edge [fontname="Helvetica", fontsize="9"];');
  for (const entry of graph.entries) {
    if (entry.kind === 'node') {
      out.push(`  ${nodeText(entry.node)}`);
      continue;
    }
    out.push(`  subgraph ${dotString(`cluster_${entry.group.id}`)} {`);
    out.push(`    graph [label=${dotString(entry.group.label)}, style="rounded,dashed", color="#607d8b"];`);
    for (const node of entry.group.nodes) out.push(`    ${nodeText(node)}`);
    out.push('  }');
  }
  for (const edge of graph.edges) {
    const attrs: string[] = [];
    if (edge.label !== undefined) attrs.push(`label=${dotString(edge.label)}`);
    if (edge.dashed) attrs.push('style="dashed"');
    out.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

function nodeText(node: GraphNode): string {
  const style = NODE_STYLE[node.kind];
  const attrs = [
    `label=${dotLabel(node.lines)}`,
    `shape="${style.shape}"`,
    `fillcolor="${node.warn ? WARN.fill : style.fill}"`,
    `color="${node.warn ? WARN.color : style.color}"`,
  ];
  if (node.warn) attrs.push(`fontcolor="${WARN.fontcolor}"`, 'penwidth="2.5"');
  if (node.derived) attrs.push('style="rounded,filled,dashed"');
  return `${dotString(node.id)} [${attrs.join(', ')}];`;
}

/** A quoted DOT string: `\` and `"` escaped (visible() has already removed control characters). */
export function dotString(text: string): string {
  return `"${escape(text)}"`;
}

/** Several label lines, each escaped first, then joined with DOT's own line break `\n`. */
function dotLabel(lines: string[]): string {
  return `"${lines.map(escape).join('\\n')}"`;
}

function escape(text: string): string {
  return visible(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
