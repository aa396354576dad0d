/**
 * Graph -> Mermaid `flowchart LR`. Every label is a quoted string (`["..."]`) and every character outside a small
 * safe set is written as a Mermaid entity code (`#quot;`, `#35;`), so no user text can end a label, start a
 * comment or a directive, or inject HTML. IDs come from ids.ts (letters, digits, `_`; never a keyword). Nodes and
 * groups come first, then edges, so each node is declared inside its subgraph before any edge mentions it.
 */
import { visible } from './describe.ts';
import type { Graph, GraphNode, NodeKind } from './graph.ts';

const SHAPES: Record<NodeKind, [string, string]> = {
  frontend: ['([', '])'],
  backend: ['[', ']'],
  server: ['(', ')'],
  stats: ['[[', ']]'],
  host: ['{{', '}}'],
  vip: ['((', '))'],
  endpoint: ['[/', '/]'],
  node: ['[', ']'],
  missing: ['[', ']'],
};

/** Fill and stroke per kind; `warn` is defined last so it wins over the kind's colours. */
const CLASSES: [string, string][] = [
  ['frontend', 'fill:#e3f2fd,stroke:#1565c0,color:#0d2b45'],
  ['backend', 'fill:#e8f5e9,stroke:#2e7d32,color:#123d16'],
  ['server', 'fill:#ffffff,stroke:#2e7d32,color:#123d16'],
  ['stats', 'fill:#f3e5f5,stroke:#6a1b9a,color:#2d0b42'],
  ['host', 'fill:#eceff1,stroke:#455a64,color:#1c262b'],
  ['vip', 'fill:#fff8e1,stroke:#ef6c00,color:#4a2300'],
  ['endpoint', 'fill:#fff8e1,stroke:#ef6c00,color:#4a2300'],
  ['node', 'fill:#ede7f6,stroke:#4527a0,color:#1f1147'],
  ['missing', 'fill:#ffffff,stroke:#c62828,color:#000000'],
  ['derived', 'stroke-dasharray: 5 3'],
  ['warn', 'fill:#fdecea,stroke:#c62828,stroke-width:3px,color:#7f0000'],
];

export function renderMermaid(graph: Graph): string {
  const out: string[] = ['flowchart LR'];
  if (graph.title !== '') out.push(`  %% lb graph: ${commentText(graph.title)}`);
  const nodes: GraphNode[] = [];
  for (const entry of graph.entries) {
    if (entry.kind === 'node') {
      out.push(`  ${nodeText(entry.node)}`);
      nodes.push(entry.node);
    } else {
      out.push(`  subgraph ${entry.group.id}["${mermaidText(entry.group.label)}"]`);
      for (const node of entry.group.nodes) {
        out.push(`    ${nodeText(node)}`);
        nodes.push(node);
      }
      out.push('  end');
    }
  }
  for (const edge of graph.edges) {
    const arrow = edge.dashed ? '-.->' : '-->';
    out.push(edge.label === undefined ? `  ${edge.from} ${arrow} ${edge.to}` : `  ${edge.from} ${arrow}|"${mermaidText(edge.label)}"| ${edge.to}`);
  }
  // Class names get a prefix so none can be a Mermaid word (`default` is special to classDef).
  for (const [name, style] of CLASSES) out.push(`  classDef lb_${name} ${style}`);
  for (const [name] of CLASSES) {
    const members = nodes.filter((n) => (name === 'warn' ? n.warn : name === 'derived' ? n.derived : n.kind === name)).map((n) => n.id);
    if (members.length > 0) out.push(`  class ${members.join(',')} lb_${name}`);
  }
  return `${out.join('\n')}\n`;
}

function nodeText(node: GraphNode): string {
  const [open, close] = SHAPES[node.kind];
  return `${node.id}${open}"${node.lines.map(mermaidText).join('<br/>')}"${close}`;
}

const SAFE = /[A-Za-z0-9 .,:/_+*=@!?'()-]/;

/** Text for inside a quoted Mermaid label: safe characters as they are, all others as `#<code point>;`. */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of visible(text)) {
    if (SAFE.test(ch)) out += ch;
    else if (ch === '"') out += '#quot;';
    else out += `#${ch.codePointAt(0)};`;
  }
  return out;
}

/** A `%%` comment ends at the line end and `%%{` would start a directive: only plain path characters are kept. */
function commentText(text: string): string {
  return visible(text).replace(/[^\p{L}\p{N} ._\/:+@-]/gu, '_');
}
