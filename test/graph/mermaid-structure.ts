/**
 * A structural check of the Mermaid text `graphMermaid` writes (no Mermaid parser is installed): the header, every
 * line of a known form, subgraph/end balanced, IDs unique, every edge and class naming a declared node, and labels
 * free of raw `"`, of `#` that is not an entity code, and of HTML other than `<br/>`. Returns the problems found.
 */
const OPEN_CLOSE: Record<string, string> = { '([': '])', '[[': ']]', '[/': '/]', '((': '))', '{{': '}}', '[': ']', '(': ')' };
const NODE = /^([A-Za-z0-9_]+)(\(\[|\[\[|\[\/|\(\(|\{\{|\[|\()"(.*)"(\]\)|\]\]|\/\]|\)\)|\}\}|\]|\))$/;
const SUBGRAPH = /^subgraph ([A-Za-z0-9_]+)\["(.*)"\]$/;
const EDGE = /^([A-Za-z0-9_]+) (-->|-\.->)(?:\|"(.*)"\|)? ([A-Za-z0-9_]+)$/;
const CLASS_DEF = /^classDef [A-Za-z0-9_]+ [A-Za-z0-9_:#,.\- ]+$/;
const CLASS = /^class ([A-Za-z0-9_,]+) [A-Za-z0-9_]+$/;

export interface MermaidShape {
  nodes: Map<string, string>;
  subgraphs: Map<string, string>;
  edges: { from: string; to: string; label?: string }[];
  problems: string[];
}

export function checkMermaid(text: string): MermaidShape {
  const problems: string[] = [];
  const nodes = new Map<string, string>();
  const subgraphs = new Map<string, string>();
  const edges: MermaidShape['edges'] = [];
  const lines = text.split('\n');
  if (lines[0] !== 'flowchart LR') problems.push(`first line is ${JSON.stringify(lines[0])}, not "flowchart LR"`);
  if (lines.at(-1) !== '') problems.push('text does not end with a newline');
  let depth = 0;
  const declare = (id: string, label: string, where: Map<string, string>) => {
    if (nodes.has(id) || subgraphs.has(id)) problems.push(`ID ${id} declared twice`);
    where.set(id, label);
    problems.push(...labelProblems(id, label));
  };
  for (const [i, raw] of lines.slice(1).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    let m: RegExpExecArray | null;
    if (line.startsWith('%%')) {
      if (line.startsWith('%%{')) problems.push(`line ${i + 2}: a comment that starts a directive`);
    } else if ((m = SUBGRAPH.exec(line))) {
      if (depth > 0) problems.push(`line ${i + 2}: nested subgraph`);
      depth++;
      declare(m[1], m[2], subgraphs);
    } else if (line === 'end') {
      depth--;
      if (depth < 0) problems.push(`line ${i + 2}: end without subgraph`);
    } else if ((m = NODE.exec(line))) {
      if (OPEN_CLOSE[m[2]] !== m[4]) problems.push(`line ${i + 2}: shape opened with ${m[2]} closed with ${m[4]}`);
      declare(m[1], m[3], nodes);
    } else if ((m = EDGE.exec(line))) {
      edges.push({ from: m[1], to: m[4], label: m[3] });
      if (m[3] !== undefined) problems.push(...labelProblems(`edge ${m[1]}->${m[4]}`, m[3]));
    } else if ((m = CLASS.exec(line))) {
      for (const id of m[1].split(',')) if (!nodes.has(id)) problems.push(`line ${i + 2}: class on undeclared node ${id}`);
    } else if (!CLASS_DEF.test(line)) {
      problems.push(`line ${i + 2}: unrecognised line ${JSON.stringify(line)}`);
    }
  }
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed`);
  for (const e of edges) {
    if (!nodes.has(e.from)) problems.push(`edge from undeclared node ${e.from}`);
    if (!nodes.has(e.to)) problems.push(`edge to undeclared node ${e.to}`);
  }
  return { nodes, subgraphs, edges, problems };
}

function labelProblems(where: string, label: string): string[] {
  const problems: string[] = [];
  if (label.includes('"')) problems.push(`${where}: raw " in label`);
  const withoutEntities = label.replace(/#(?:\d+|quot);/g, '');
  if (withoutEntities.includes('#')) problems.push(`${where}: # that is not an entity code`);
  if (/[;`{}[\]|]/.test(withoutEntities)) problems.push(`${where}: unescaped special character in ${JSON.stringify(label)}`);
  if (withoutEntities.replace(/<br\/>/g, '').match(/[<>&]/)) problems.push(`${where}: HTML in label`);
  return problems;
}

/** A label with entity codes and `<br/>` turned back into text, for assertions on what the reader sees. */
export function decodeLabel(label: string): string {
  return label
    .replace(/<br\/>/g, '\n')
    .replace(/#quot;/g, '"')
    .replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
}
