/**
 * Reads generated files back the way the real tools would split them, and reduces each to its "shape": the sequence
 * of sections and directives with how many words each has. Two compiles of the same program that differ only in one
 * value must have the same shape; a value that adds a line, a word, a directive, a brace or a comment changes it.
 * The tokenizers follow the tools' rules that matter for injection:
 *   - haproxy: a line is split into words on blanks; `\` escapes the next character; '...' is literal; "..." allows
 *     `\` escapes and expands `$VAR`/`${VAR}`; `#` outside quotes starts a comment.
 *   - keepalived: words split on blanks; `#` and `!` start a comment; `{` and `}` are their own tokens; a line
 *     starting with `@` is conditional on the router id and one starting with `$` defines a variable.
 *   - YAML: parsed with the `yaml` package; the shape is the tree of keys, list lengths and scalar types.
 */
import { parseAllDocuments } from 'yaml';

export interface HaproxyLine {
  words: string[];
  /** `$` expansions inside double quotes: haproxy replaces them with environment variables. */
  expansions: number;
  /** True when an unquoted `#` cut the line short. */
  comment: boolean;
}

/** Splits one haproxy.cfg line into words, as haproxy's `parse_line` does (quotes, escapes, comments). */
export function haproxyWords(line: string): HaproxyLine {
  const words: string[] = [];
  let current: string | undefined;
  /** True while the current word has no quote or escape: only then is `--` the ACL end-of-flags marker. */
  let plain = true;
  let quote: '"' | "'" | undefined;
  let expansions = 0;
  let comment = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current += c;
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      plain = false;
      current = (current ?? '') + line[++i];
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else {
        if (c === '$') expansions++;
        current += c;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      plain = false;
      quote = c;
      current = current ?? '';
      continue;
    }
    if (c === '#') {
      comment = true;
      break;
    }
    if (c === ' ' || c === '\t') {
      push();
      continue;
    }
    current = (current ?? '') + c;
  }
  push();
  return { words, expansions, comment };

  function push(): void {
    // A bare `--` ends an ACL's flags so that a value starting with '-' is not read as one: it is not a value word.
    if (current !== undefined && !(plain && current === '--')) words.push(current);
    current = undefined;
    plain = true;
  }
}

const HAPROXY_SECTIONS = new Set(['global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'peers', 'resolvers', 'mailers', 'program', 'http-errors', 'ring', 'cache']);

/** One entry per meaningful line: `section:KEYWORD/words` or `KEYWORD/words`, plus markers for comments and
 *  expansions. Blank and whole-line comment lines are skipped (the header comment names the source file). */
export function haproxyShape(text: string): string[] {
  const shape: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    if (/^\s*(#.*)?$/.test(raw)) continue;
    const { words, expansions, comment } = haproxyWords(raw);
    if (words.length === 0) {
      shape.push('?empty');
      continue;
    }
    // haproxy ignores indentation: a section keyword opens a section wherever it stands.
    const head = HAPROXY_SECTIONS.has(words[0]) ? `section:${words[0]}` : words[0];
    shape.push(`${head}/${words.length}${comment ? '#' : ''}${expansions ? `$${expansions}` : ''}`);
  }
  return shape;
}

/** keepalived's reader: words on blanks, `#`/`!` comments (outside quotes), braces as tokens, "..." strings. */
export function keepalivedTokens(line: string): { tokens: string[]; comment: boolean } {
  const tokens: string[] = [];
  let current: string | undefined;
  let quoted = false;
  let comment = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') quoted = false;
      else current += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      current = current ?? '';
      continue;
    }
    if (c === '#' || c === '!') {
      comment = true;
      break;
    }
    if (c === '{' || c === '}') {
      if (current !== undefined) tokens.push(current);
      current = undefined;
      tokens.push(c);
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (current !== undefined) tokens.push(current);
      current = undefined;
      continue;
    }
    current = (current ?? '') + c;
  }
  if (current !== undefined) tokens.push(current);
  return { tokens, comment };
}

export function keepalivedShape(text: string): string[] {
  const shape: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    if (/^\s*([#!].*)?$/.test(raw)) continue;
    const { tokens, comment } = keepalivedTokens(raw);
    if (tokens.length === 0) {
      shape.push('?empty');
      continue;
    }
    const braces = tokens.filter((t) => t === '{' || t === '}').join('');
    // `@name ...` and `$NAME=...` change how keepalived reads the line; keep the marker in the shape.
    const head = /^[@$]/.test(tokens[0]) ? `${tokens[0][0]}${tokens[0]}` : tokens[0];
    shape.push(`${head}/${tokens.length}${braces}${comment ? '#' : ''}`);
  }
  return shape;
}

/** The key structure of every YAML document: mapping keys, sequence lengths and scalar types, as paths. */
export function yamlShape(text: string): string[] {
  const shape: string[] = [];
  const docs = parseAllDocuments(text);
  shape.push(`documents/${docs.length}`);
  docs.forEach((doc, i) => {
    if (doc.errors.length > 0) shape.push(`doc${i}:errors/${doc.errors.length}`);
    walkYaml(doc.toJS({ maxAliasCount: 0 }) as unknown, `doc${i}`, shape);
  });
  return shape;
}

function walkYaml(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    out.push(`${path}:list/${value.length}`);
    value.forEach((v, i) => walkYaml(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value as object);
    out.push(`${path}:map/${keys.length}`);
    for (const key of keys) walkYaml((value as Record<string, unknown>)[key], `${path}.${key}`, out);
  } else {
    out.push(`${path}:${value === null ? 'null' : typeof value}`);
  }
}

/** The shape of a generated file according to its format. */
export function shapeOf(file: { target: string; text: string }): string[] {
  if (file.target === 'haproxy') return haproxyShape(file.text);
  if (file.target === 'keepalived') return keepalivedShape(file.text);
  return yamlShape(file.text);
}

/** The first difference between two shapes, or undefined when they are the same. */
export function shapeDifference(clean: string[], hostile: string[]): string | undefined {
  const n = Math.max(clean.length, hostile.length);
  for (let i = 0; i < n; i++) {
    if (clean[i] !== hostile[i]) return `entry ${i}: expected ${clean[i] ?? '(end)'}, got ${hostile[i] ?? '(end)'}`;
  }
  return undefined;
}
