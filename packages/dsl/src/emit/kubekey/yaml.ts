/**
 * A small deterministic YAML writer for the KubeKey Cluster document: block style, 2-space indent, keys in the
 * order given, and a source span per line. Strings are written plain only when no YAML 1.1 or 1.2 reader
 * (kk uses go-yaml, which follows 1.1) could take them for anything but that string; otherwise they are
 * double-quoted with JSON escapes, which are valid YAML escapes, so no value can ever span two lines.
 */
import type { Span } from '../../diagnostics/diagnostic.ts';
import type { LineWriter } from '../common/writer.ts';

export type YamlScalar = string | number | boolean | null;

export type YamlNode =
  | { kind: 'scalar'; value: YamlScalar; span?: Span | null }
  | { kind: 'map'; entries: YamlEntry[]; span?: Span | null }
  | { kind: 'seq'; items: YamlNode[]; span?: Span | null };

export interface YamlEntry {
  key: string;
  value: YamlNode;
  span?: Span | null;
}

// ---------- builders ----------

export const scalar = (value: YamlScalar, span?: Span | null): YamlNode => ({ kind: 'scalar', value, span });
export const map = (entries: (YamlEntry | undefined)[], span?: Span | null): YamlNode => ({
  kind: 'map',
  entries: entries.filter((e): e is YamlEntry => e !== undefined),
  span,
});
export const seq = (items: (YamlNode | undefined)[], span?: Span | null): YamlNode => ({
  kind: 'seq',
  items: items.filter((i): i is YamlNode => i !== undefined),
  span,
});
/** An entry; `undefined` values are dropped, so optional fields can be written inline. */
export function entry(key: string, value: YamlNode | YamlScalar | undefined, span?: Span | null): YamlEntry | undefined {
  if (value === undefined) return undefined;
  const node = value !== null && typeof value === 'object' ? value : scalar(value, span);
  return { key, value: node, span: span ?? node.span };
}

// ---------- scalars ----------

/** Plain-safe: starts with a letter, digit, `_`, `.` or `/`, and has no indicator that YAML could read specially. */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./@+=,-]*$/;
/** YAML 1.1 booleans and nulls (go-yaml v2) plus 1.2 core ones; case-insensitive to be safe. */
const RESERVED = /^(?:y|yes|n|no|true|false|on|off|null|=)$/i;
const NUMBER_LIKE = [
  /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$/, // ints, floats, 1.1 octals like 017
  /^[-+]?0[xob][0-9a-fA-F_]+$/, // hex, 1.2 octal, 1.1 binary
  /^[-+]?\.(?:inf|nan)$/i,
  /^\d{4}-\d{1,2}-\d{1,2}/, // timestamps
];

export function yamlString(value: string): string {
  const plain = PLAIN.test(value) && !RESERVED.test(value) && !NUMBER_LIKE.some((re) => re.test(value));
  if (plain) return value;
  // JSON escapes C0 controls, `"` and `\`; YAML additionally wants C1 controls, DEL, line/paragraph separators,
  // the BOM and lone surrogates escaped (go-yaml treats U+0085/U+2028/U+2029 as line breaks).
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function yamlScalar(value: YamlScalar): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return yamlString(value);
}

// ---------- block writer ----------

/** Writes `root` (a map) into `w`, whose indent unit must be two spaces so `- ` lines up with the entries after it. */
export function writeYaml(w: LineWriter, root: YamlNode, span: Span | null = null): void {
  if (root.kind !== 'map') {
    w.line(inline(root) ?? '', root.span ?? span, 0);
    return;
  }
  writeEntries(w, root.entries, 0, root.span ?? span, false);
}

/** The one-line form of empty collections and scalars; undefined for a non-empty collection. */
function inline(node: YamlNode): string | undefined {
  if (node.kind === 'scalar') return yamlScalar(node.value);
  if (node.kind === 'map') return node.entries.length === 0 ? '{}' : undefined;
  return node.items.length === 0 ? '[]' : undefined;
}

function writeEntries(w: LineWriter, entries: YamlEntry[], depth: number, parentSpan: Span | null, dashFirst: boolean): void {
  entries.forEach((e, i) => {
    const dashed = dashFirst && i === 0;
    const lineDepth = dashed ? depth - 1 : depth;
    const lead = dashed ? '- ' : '';
    const span = e.span ?? e.value.span ?? parentSpan;
    const key = yamlString(e.key);
    const one = inline(e.value);
    if (one !== undefined) {
      w.line(`${lead}${key}: ${one}`, span, lineDepth);
      return;
    }
    w.line(`${lead}${key}:`, span, lineDepth);
    writeChildren(w, e.value, depth + 1, span);
  });
}

function writeChildren(w: LineWriter, node: YamlNode, depth: number, parentSpan: Span | null): void {
  if (node.kind === 'map') {
    writeEntries(w, node.entries, depth, node.span ?? parentSpan, false);
    return;
  }
  if (node.kind !== 'seq') return;
  for (const item of node.items) {
    const span = item.span ?? parentSpan;
    const one = inline(item);
    if (one !== undefined) w.line(`- ${one}`, span, depth);
    else if (item.kind === 'map') writeEntries(w, item.entries, depth + 1, span, true);
    else {
      w.line('-', span, depth);
      writeChildren(w, item, depth + 1, span);
    }
  }
}
