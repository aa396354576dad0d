/**
 * Who imports whom among the workspace's .lb files, so a file that is only meant to be imported (backends in
 * `common.lb`, whose `defaults` and frontends live in the importing `site.lb`) can be checked as seen from a file
 * that imports it, instead of alone (where it would get false LB2009 / LB2015 warnings).
 *
 * Only literal import paths are known (`import "./common.lb"`): a computed path (`import "${dir}/x.lb"`) depends on
 * evaluation, which is what we are trying to choose an entry for, so it is ignored here.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { resolveRelative } from '@lb/dsl';

/** Bounds on what one graph may hold, so a huge workspace or a chain of imports outside it cannot run away. */
const MAX_GRAPH_FILES = 5000;

export class ImportGraph {
  /** Literal imports of each known file, resolved to paths (the file may import things that do not exist). */
  private readonly imports = new Map<string, string[]>();
  /** The reverse of `imports`, kept in step with it. */
  private readonly importers = new Map<string, Set<string>>();
  /** Files given to `update` (an open document may lie outside the folders): kept by `rescan` while readable. */
  private readonly updated = new Set<string>();
  private scanned = false;

  /**
   * @param readFile the file's text (an open document's text should win over the disk), undefined when unreadable.
   * @param listLbFiles the .lb files of the workspace folders (see `listLbFiles`); read by `rescan`.
   * Nothing is read until the first `rescan` or query.
   */
  constructor(
    private readonly readFile: (path: string) => string | undefined,
    private readonly listLbFiles: () => string[],
  ) {}

  /** Re-read one file's imports (after an edit, an open, or a file-watcher event); a file that cannot be read is removed. */
  update(path: string): void {
    const text = safeRead(this.readFile, path);
    if (text === undefined) {
      this.remove(path);
      return;
    }
    this.updated.add(path);
    this.setImports(path, importsOf(text, path));
    this.follow(this.imports.get(path) ?? []);
  }

  /** Forget a file's own imports (deleted or closed outside the workspace). Files importing it keep their edge to it. */
  remove(path: string): void {
    this.updated.delete(path);
    this.unlink(path);
  }

  /**
   * Rescan the workspace folders. Files given to `update` but not listed (an open document outside the folders)
   * are kept while they can still be read; files that no longer exist drop out, and so do files outside the folders
   * that nothing imports any more.
   */
  rescan(): void {
    this.scanned = true;
    const known = new Set([...safeList(this.listLbFiles), ...this.updated]);
    this.imports.clear();
    this.importers.clear();
    for (const path of known) {
      if (this.imports.size >= MAX_GRAPH_FILES) break;
      const text = safeRead(this.readFile, path);
      if (text !== undefined) this.setImports(path, importsOf(text, path));
      else this.updated.delete(path);
    }
    // Imported files outside the folders (`import "../shared/x.lb"`) still link their own imports.
    this.follow([...this.imports.values()].flat());
  }

  /** The resolved literal imports of a file (empty when unknown). */
  importsOf(path: string): readonly string[] {
    this.ensureScanned();
    return this.imports.get(path) ?? [];
  }

  /** The known files that import `path` directly, sorted. */
  importersOf(path: string): string[] {
    this.ensureScanned();
    return [...(this.importers.get(path) ?? [])].sort();
  }

  /**
   * The entry files from whose point of view `path` should be checked: files that import it directly or
   * transitively and that nothing imports themselves, sorted; [] when nothing imports it (check it alone).
   * Files that only import each other (a <-> b, with no importer outside the cycle) have no entry: checked alone,
   * the core reports the cycle (LB1011) where it is.
   */
  entriesFor(path: string): string[] {
    this.ensureScanned();
    const entries = new Set<string>();
    const seen = new Set<string>([path]);
    const queue = [path];
    while (queue.length > 0) {
      const current = queue.shift()!;
      for (const importer of this.importers.get(current) ?? []) {
        if (seen.has(importer)) continue;
        seen.add(importer);
        if ((this.importers.get(importer)?.size ?? 0) === 0) entries.add(importer);
        else queue.push(importer);
      }
    }
    return [...entries].sort();
  }

  private ensureScanned(): void {
    if (!this.scanned) this.rescan();
  }

  private unlink(path: string): void {
    for (const target of this.imports.get(path) ?? []) this.importers.get(target)?.delete(path);
    this.imports.delete(path);
  }

  private setImports(path: string, targets: string[]): void {
    this.unlink(path);
    this.imports.set(path, targets);
    for (const target of targets) {
      let set = this.importers.get(target);
      if (!set) this.importers.set(target, (set = new Set()));
      set.add(path);
    }
  }

  /** Read imported files not known yet (bounded), so chains through files outside the folders stay linked. */
  private follow(targets: string[]): void {
    const queue = targets.filter((t) => !this.imports.has(t));
    while (queue.length > 0 && this.imports.size < MAX_GRAPH_FILES) {
      const path = queue.pop()!;
      if (this.imports.has(path)) continue;
      const text = safeRead(this.readFile, path);
      if (text === undefined) continue;
      this.setImports(path, importsOf(text, path));
      for (const t of this.imports.get(path)!) if (!this.imports.has(t)) queue.push(t);
    }
  }
}

/**
 * The resolved literal import paths of one file, in source order, without duplicates. Never throws.
 *
 * A scan, not a parse: chevrotain's parse costs ~3 ms for a 4 KB file (1.4 s for a 500-file workspace), the scan a
 * few microseconds, and it also keeps the imports of a file left half-typed. It is exact because lb's strings and
 * comments never span lines: it skips `#` comments and strings (with `${...}` nested strings) like the lexer, and
 * `import` is a reserved word, so the word followed by a plain string literal is an import statement. Imports in
 * `if`, `for` or `fn` bodies count too: they may run, and checking from an importer that does not reach the file
 * only loses precision. test/lsp-import-graph checks that it agrees with the parser on every fixture.
 */
export function importsOf(text: string, path: string): string[] {
  const out: string[] = [];
  try {
    // Only lines holding the word need a look, each from its start (no string or comment crosses a line).
    let lineEnd = 0;
    for (let at = text.indexOf('import'); at >= 0; at = text.indexOf('import', lineEnd)) {
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const eol = text.indexOf('\n', at);
      lineEnd = eol < 0 ? text.length : eol;
      for (const spec of importsInLine(text, lineStart, lineEnd)) {
        const target = resolveRelative(path, spec);
        if (!out.includes(target)) out.push(target);
      }
    }
  } catch {
    // Cannot happen on a string; stay total anyway.
  }
  return out;
}

/** The literal import paths written in `text.slice(start, end)`, one line. */
function importsInLine(text: string, start: number, end: number): string[] {
  const specs: string[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === HASH) break;
    if (c === QUOTE) {
      i = stringEnd(text, i);
    } else if (isWordStart(c) || isDigit(c)) {
      const wordStart = i;
      while (i < end && isWordPart(text.charCodeAt(i))) i++;
      if (i - wordStart !== 6 || !text.startsWith('import', wordStart)) continue;
      while (i < end && isBlank(text.charCodeAt(i))) i++;
      if (i >= end || text.charCodeAt(i) !== QUOTE) continue;
      const close = stringEnd(text, i);
      const spec = plainStringValue(text, i, close);
      i = close;
      if (spec !== undefined && spec !== '') specs.push(spec);
    } else i++;
  }
  return specs;
}

const HASH = 35;
const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;
const DOLLAR = 36;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', $: '$', t: '\t', n: '\n' };

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Identifier characters, as the lexer's `[A-Za-z0-9_-]` (so `my-import` is one word, not the keyword). */
function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c) || c === 45;
}
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
}

/**
 * Index just past the string starting at `start` (a `"`): past its closing quote, or at the end of its line when it
 * is not closed there (the lexer's UnterminatedString). Mirrors the core's scanString, `${ "..." }` included.
 */
function stringEnd(text: string, start: number): number {
  const end = closeOfString(text, start);
  if (end >= 0) return end;
  const eol = text.indexOf('\n', start);
  return eol < 0 ? text.length : eol;
}

function closeOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === NEWLINE) return -1;
    if (c === BACKSLASH) {
      if (i + 1 >= text.length || text.charCodeAt(i + 1) === NEWLINE) return -1;
      i += 2;
    } else if (c === DOLLAR && text.charCodeAt(i + 1) === OPEN_BRACE) {
      i = closeOfInterpolation(text, i + 2);
      if (i < 0) return -1;
    } else i++;
  }
  return -1;
}

function closeOfInterpolation(text: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closeOfString(text, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === NEWLINE) return -1;
    if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE && --depth === 0) return i + 1;
    i++;
  }
  return -1;
}

/** The value of the closed string `text.slice(start, end)` with escapes decoded; undefined if unclosed or interpolated. */
function plainStringValue(text: string, start: number, end: number): string | undefined {
  if (end - start < 2 || text.charCodeAt(end - 1) !== QUOTE || closeOfString(text, start) !== end) return undefined;
  let value = '';
  for (let i = start + 1; i < end - 1; i++) {
    const ch = text[i];
    if (ch === '\\') {
      const next = text[++i];
      // An unknown escape keeps the character, as the core does (it also reports LB0005).
      value += ESCAPES[next] ?? next;
    } else if (ch === '$' && text[i + 1] === '{') return undefined;
    else value += ch;
  }
  return value;
}

/**
 * The one entry to check a file from when several import it: an open document first (its unsaved text is what the
 * user sees), then the shortest path (usually the top-level site file), then alphabetical order, so the choice is
 * stable from one check to the next. Undefined when `entries` is empty.
 */
export function chooseEntry(entries: readonly string[], isOpen: (path: string) => boolean = () => false): string | undefined {
  let best: string | undefined;
  let bestOpen = false;
  for (const entry of entries) {
    const open = isOpen(entry);
    if (
      best === undefined ||
      (open && !bestOpen) ||
      (open === bestOpen && (entry.length < best.length || (entry.length === best.length && entry < best)))
    ) {
      best = entry;
      bestOpen = open;
    }
  }
  return best;
}

export interface ListLimits {
  /** At most this many .lb files (default 2000). */
  maxFiles?: number;
  /** Folders deeper than this below a root are not entered (default 8; a root itself is depth 0). */
  maxDepth?: number;
  /** At most this many directory entries looked at in all (default 50,000), so a huge tree without .lb files ends too. */
  maxEntries?: number;
}

/** Folders that never hold a project's own sources, or that are too big to walk. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'out']);

/**
 * The .lb files under the workspace folders, sorted per folder, breadth first. Skips node_modules, dist, out and
 * hidden folders (.git...), does not follow symbolic links to folders (no loops), and stops at the limits;
 * `truncated` says whether it did. Never throws: an unreadable folder is skipped.
 */
export function scanLbFiles(roots: readonly string[], limits: ListLimits = {}): { files: string[]; truncated: boolean } {
  const maxFiles = limits.maxFiles ?? 2000;
  const maxDepth = limits.maxDepth ?? 8;
  const maxEntries = limits.maxEntries ?? 50_000;
  const files: string[] = [];
  const seen = new Set<string>();
  let entries = 0;
  let truncated = false;
  const queue: { dir: string; depth: number }[] = roots.map((dir) => ({ dir, depth: 0 }));
  while (queue.length > 0) {
    const { dir, depth } = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    let listing: Dirent[];
    try {
      listing = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of listing) {
      if (++entries > maxEntries) return { files, truncated: true };
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
        if (depth + 1 > maxDepth) truncated = true;
        else queue.push({ dir: path, depth: depth + 1 });
      } else if (entry.name.endsWith('.lb') && (entry.isFile() || isLinkedFile(path))) {
        if (files.length >= maxFiles) return { files, truncated: true };
        files.push(path);
      }
    }
  }
  return { files, truncated };
}

/** `scanLbFiles` without the truncation flag. */
export function listLbFiles(roots: readonly string[], limits?: ListLimits): string[] {
  return scanLbFiles(roots, limits).files;
}

function isLinkedFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function safeRead(readFile: (path: string) => string | undefined, path: string): string | undefined {
  try {
    return readFile(path);
  } catch {
    return undefined;
  }
}

function safeList(list: () => string[]): string[] {
  try {
    return list();
  } catch {
    return [];
  }
}
