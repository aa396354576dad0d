/**
 * Incremental parsing for the language server: after a small edit, only the top-level statements around the edit are
 * lexed, parsed and lowered again; the others are taken from the previous result (shifted by the edit's length
 * change). The result is always what `parse` would return for the whole text.
 *
 * The whole-file pipeline carries state from line to line (open brackets and braces, the recovery of a broken
 * statement, where the Lowerer places an `ErrorExpr`...). So each parse records its *cuts*: line starts after a
 * top-level newline where none of that state crosses — the newline was kept with no bracket or brace open, the parser
 * consumed it as a top-level separator without an error there, no stray '}' after it was weighed against a block before
 * it, no statement's lowering looked across it, and no `else` follows it. Between two cuts around the edit, the text is
 * parsed alone (with the Lowerer's state at the first cut, and the parse errors on both sides, given), and the piece is
 * accepted only when it also ends cleanly and did nothing that would read differently inside the whole file;
 * otherwise a wider piece is tried, then a full parse.
 */
import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.ts';
import type { Call, Expr, For, Ident, If, Item, StringLit } from './ast.ts';
import { parse, type ParseResult } from './index.ts';
import { tokenizeSlice, type TokenTrace } from './lexer.ts';
import { Lowerer } from './lower.ts';
import { parser } from './parser.ts';
import { onePerLine, parseErrorDiagnostic } from './syntax-errors.ts';
import { Else, Newline } from './tokens.ts';

export interface ParsedText {
  text: string;
  file: string;
  result: ParseResult;
}

/** Filled in by `parseIncremental` when given: which path it took (for tests and measurements). */
export interface IncrementalStats {
  path: 'incremental' | 'full';
  /** Why the full path was taken. */
  reason?: string;
  /** The re-parsed range of the new text [start, end), on the incremental path. */
  reparsed?: { start: number; end: number };
  /** Top-level items taken from the previous result. */
  reusedItems?: number;
}

/**
 * What `parse(text, file)` returns (deep-equal AST and diagnostics), computed by re-parsing only the top-level items
 * the edit touched when `previous` is the same file's previous version; otherwise (or when unsure) a full parse.
 * Never mutates `previous.result`; unchanged items before the edit are shared with it.
 */
export function parseIncremental(previous: ParsedText | undefined, text: string, file: string, stats?: IncrementalStats): ParseResult {
  const index = previous ? indexes.get(previous.result) : undefined;
  let reason = 'no previous parse';
  if (previous && !index) reason = 'the previous result was not made by parseIncremental';
  else if (previous && index && (previous.file !== file || index.file !== file)) reason = 'another file';
  else if (previous && index && (previous.text.length !== index.textLength || previous.result.ast.file !== file)) reason = 'previous text does not match its result';
  else if (previous && index) {
    if (previous.text === text) {
      if (stats) Object.assign(stats, { path: 'incremental', reparsed: { start: 0, end: 0 }, reusedItems: previous.result.ast.items.length });
      return previous.result;
    }
    const attempt = reparseAroundEdit(previous, index, text, file, stats);
    if (typeof attempt !== 'string') return attempt;
    reason = attempt;
  }
  if (stats) Object.assign(stats, { path: 'full', reason, reparsed: undefined, reusedItems: 0 });
  return fullParse(text, file);
}

// ---------- the index kept beside each result ----------

/** Cuts of one parse, as parallel arrays sorted by offset (offset 0 is always a cut). */
interface ParseIndex {
  file: string;
  textLength: number;
  /** Line starts where the file can be split (see the file comment). */
  cutOffsets: number[];
  /** Number of top-level AST items before each cut. */
  cutItems: number[];
  /** The Lowerer's `cursor` at each cut. */
  cutCursors: number[];
  /** Offsets of every parse error, sorted, as the Lowerer sees them (an error at the end of the file: its length). */
  errorOffsets: number[];
  /** Offsets of every '}' met with no block open (they look back at earlier blocks). */
  strayOffsets: number[];
}

const indexes = new WeakMap<ParseResult, ParseIndex>();

function fullParse(text: string, file: string): ParseResult {
  let piece: Piece | string;
  try {
    piece = parsePiece(text, file, 0, text.length, { cursor: 0, errorsBefore: [], errorsAfter: [] });
  } catch {
    piece = 'internal error';
  }
  // `parse` reports what went wrong (deep nesting) the way it always does; such a result gets no index.
  if (typeof piece === 'string') return parse(text, file);
  const result: ParseResult = { ast: { kind: 'File', file, items: piece.items, span: { file, start: 0, end: text.length } }, diagnostics: piece.diagnostics };
  const cuts = [{ offset: 0, items: 0, cursor: 0 }, ...piece.cuts];
  indexes.set(result, {
    file,
    textLength: text.length,
    cutOffsets: cuts.map((c) => c.offset),
    cutItems: cuts.map((c) => c.items),
    cutCursors: cuts.map((c) => c.cursor),
    errorOffsets: piece.ownErrorOffsets,
    strayOffsets: piece.strayOffsets,
  });
  return result;
}

// ---------- one piece of text, parsed alone ----------

interface PieceContext {
  /** The Lowerer's cursor where the piece starts. */
  cursor: number;
  /** Parse-error offsets of the whole file before and after the piece (sorted). */
  errorsBefore: number[];
  errorsAfter: number[];
}

interface Cut {
  offset: number;
  items: number;
  cursor: number;
}

interface Piece {
  items: Item[];
  /** Its diagnostics, one syntax error per line, sorted. */
  diagnostics: Diagnostic[];
  /** Clean cuts strictly inside the piece, and where it ends if it ends cleanly. */
  cuts: Cut[];
  /** Ranges (lo, hi] no cut may fall in: a statement or stray '}' looked across them. */
  spans: [number, number][];
  /** The piece's own parse-error offsets (sorted). */
  ownErrorOffsets: number[];
  strayOffsets: number[];
  /** Its last kept newline was a clean cut (or it has no tokens). */
  endsClean: boolean;
  /** A '}' met with no block open before any top-level block of the piece closed: it looks before the piece. */
  looksBack: boolean;
  /** Blocks left open: the piece leaves a brace open for what follows. */
  unclosed: number;
  closedAtEnd: boolean;
  startsWithElse: boolean;
  /** Some error was at the end of the input (only right when the piece ends the file). */
  errorAtEnd: boolean;
  cursorAtEnd: number;
}

/** Parses text[start, end) as the whole-file pipeline would, with the whole file's context given. */
function parsePiece(text: string, file: string, start: number, end: number, context: PieceContext): Piece | string {
  const trace: TokenTrace = { cleanNewlines: new Set(), strays: [], unclosed: 0, closedAtEnd: false };
  const lexed = tokenizeSlice(text, start, end, file, trace);
  const tokens = lexed.tokens;
  parser.input = tokens;
  const cst = parser.file();
  const errors: IRecognitionException[] = [...parser.errors];

  const errorTokens = new Set<IToken>();
  let errorAtEnd = false;
  const ownErrorOffsets: number[] = [];
  for (const e of errors) {
    errorTokens.add(e.token);
    const real = isReal(e.token);
    if (!real) errorAtEnd = true;
    ownErrorOffsets.push(real ? e.token.startOffset : text.length);
  }
  ownErrorOffsets.sort((a, b) => a - b);

  const lowered: Diagnostic[] = [];
  const lowerer = new Lowerer(text, file, lowered);
  lowerer.cursor = context.cursor;
  lowerer.setErrorOffsets([...context.errorsBefore, ...ownErrorOffsets, ...context.errorsAfter]);
  const spans: [number, number][] = [];
  let lookLo = Infinity;
  let lookHi = -Infinity;
  lowerer.onErrorLookup = (offset, found) => {
    lookLo = Math.min(lookLo, offset);
    lookHi = Math.max(lookHi, found ?? Infinity);
  };
  /** After each lowered item: where it starts, and the cursor after it. */
  const itemStarts: number[] = [];
  const cursors: number[] = [];
  const topItems = cst.children.items?.[0] as CstNode | undefined;
  const items = lowerer.items(topItems, (itemCst, item) => {
    // A broken statement may get spans outside its own tokens (an ErrorExpr at a later error, a recovered body
    // placed at offset 0): such a statement cannot be moved by shifting, nor can cuts fall inside what it spans.
    if (item && errors.length > 0) {
      const range = [Infinity, -Infinity];
      spanRange(item, range);
      const ext = extent(itemCst);
      if (!ext || range[0] < ext[0] || range[1] > ext[1]) {
        lookLo = Math.min(lookLo, range[0]);
        lookHi = Math.max(lookHi, range[1]);
      }
    }
    if (lookLo !== Infinity) {
      const ext = extent(itemCst);
      spans.push([Math.min(lookLo, ext ? ext[0] : lookLo), Math.max(lookHi, ext ? ext[1] : lookHi)]);
      lookLo = Infinity;
      lookHi = -Infinity;
    }
    if (item) {
      itemStarts.push(item.span.start);
      cursors.push(lowerer.cursor);
    }
  });
  for (const [offset, weighed] of trace.strays) spans.push([weighed, offset]);

  const parseDiagnostics = errors.map((e) => parseErrorDiagnostic(e, text, file));
  const syntax = [...parseDiagnostics, ...lowered.filter((d) => d.code === 'LB0002')];
  const others = [...lexed.diagnostics, ...lowered.filter((d) => d.code !== 'LB0002')];
  const diagnostics = onePerLine(text, others, syntax, start === 0 && end === text.length ? undefined : linesFrom(text, start, end));

  // Newlines the parser took as top-level separators.
  const topSeps = new Set<IToken>();
  if (topItems) {
    for (const t of (topItems.children.Sep ?? []) as IToken[]) topSeps.add(t);
    for (const item of (topItems.children.item ?? []) as CstNode[]) for (const t of (item.children.Sep ?? []) as IToken[]) topSeps.add(t);
  }
  const cuts: Cut[] = [];
  let endsClean = true;
  let k = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.tokenType !== Newline) continue;
    const next = tokens[i + 1];
    const clean = trace.cleanNewlines.has(tok) && topSeps.has(tok) && !errorTokens.has(tok) && next?.tokenType !== Else;
    if (i === tokens.length - 1) endsClean = clean;
    if (!clean) continue;
    const offset = tok.startOffset + 1;
    while (k < itemStarts.length && itemStarts[k] < offset) k++;
    cuts.push({ offset, items: k, cursor: k > 0 ? cursors[k - 1] : context.cursor });
  }
  const last = tokens[tokens.length - 1];
  if (last && last.tokenType !== Newline) endsClean = false;

  return {
    items,
    diagnostics,
    cuts: cuts.filter((c) => c.offset < end && !spans.some(([lo, hi]) => lo < c.offset && c.offset <= hi)),
    spans,
    ownErrorOffsets,
    strayOffsets: trace.strays.map(([offset]) => offset),
    endsClean,
    looksBack: trace.strays.some(([, weighed]) => weighed < 0),
    unclosed: trace.unclosed,
    closedAtEnd: trace.closedAtEnd,
    startsWithElse: tokens[0]?.tokenType === Else,
    errorAtEnd,
    cursorAtEnd: lowerer.cursor,
  };
}

// ---------- re-parsing around an edit ----------

/** How many more cuts on each side each retry takes in. */
const WIDENINGS = [0, 2, 8];

function reparseAroundEdit(previous: ParsedText, index: ParseIndex, text: string, file: string, stats?: IncrementalStats): ParseResult | string {
  const old = previous.text;
  const delta = text.length - old.length;
  const prefix = commonPrefix(old, text);
  const oldEditEnd = old.length - commonSuffix(old, text, prefix);

  const cuts = index.cutOffsets;
  // The last cut before the edit and the first after it (strictly: the statements touching the edit are re-read).
  let before = upperBound(cuts, prefix - 1) - 1;
  if (before < 0) before = 0;
  let after = upperBound(cuts, oldEditEnd);
  let reason = '';
  for (const widen of WIDENINGS) {
    const a = Math.max(0, before - widen);
    const b = Math.min(cuts.length, after + widen);
    const attempt = reparseBetween(previous, index, text, file, delta, a, b);
    if (typeof attempt !== 'string') {
      if (stats) {
        const end = b < cuts.length ? cuts[b] + delta : text.length;
        Object.assign(stats, { path: 'incremental', reason: undefined, reparsed: { start: cuts[a], end }, reusedItems: index.cutItems[a] + (b < cuts.length ? previous.result.ast.items.length - index.cutItems[b] : 0) });
      }
      return attempt;
    }
    reason = attempt;
    if (a === 0 && b === cuts.length) break;
  }
  return reason;
}

/**
 * Re-parses the new text between old cut number `a` and old cut number `b` (`cuts.length`: the end of the file),
 * keeping the rest of the previous result. A string says why it could not.
 */
function reparseBetween(previous: ParsedText, index: ParseIndex, text: string, file: string, delta: number, a: number, b: number): ParseResult | string {
  const oldResult = previous.result;
  const oldText = previous.text;
  const start = index.cutOffsets[a];
  const last = b === index.cutOffsets.length;
  const oldEnd = last ? oldText.length : index.cutOffsets[b];
  const end = oldEnd + delta;
  if (end < start || (!last && text.charCodeAt(end - 1) !== 10)) return 'the edit joined lines across the re-parsed range';

  const errors = index.errorOffsets;
  const errorsBefore = errors.slice(0, lowerBound(errors, start));
  const errorsAfter = last ? [] : errors.slice(lowerBound(errors, oldEnd)).map((o) => o + delta);
  let piece: Piece | string;
  try {
    piece = parsePiece(text, file, start, end, { cursor: index.cutCursors[a], errorsBefore, errorsAfter });
  } catch {
    return 'the re-parsed range threw';
  }
  if (typeof piece === 'string') return piece;
  if (start > 0 && piece.startsWithElse) return "the range starts with 'else'";
  if (start > 0 && piece.looksBack) return "a stray '}' looks at a block before the range";
  if (!last) {
    if (!piece.endsClean) return 'the range does not end at a clean statement boundary';
    if (piece.errorAtEnd) return 'a parse error at the end of the range';
    if (piece.closedAtEnd) return "an unclosed '{' would be closed after the range";
    if (piece.unclosed > 0 && index.strayOffsets.some((o) => o >= oldEnd)) return "an unclosed '{' meets a later stray '}'";
  }
  for (const d of piece.diagnostics) {
    if (d.span.start < start || (!last && d.span.start >= end)) return 'a diagnostic of the range lies outside it';
  }

  // Diagnostics after the range: shifted; the "opened at line N" of an unclosed block moves with the lines.
  const oldDiagnostics = oldResult.diagnostics;
  const firstAfter = last ? oldDiagnostics.length : firstDiagnosticAt(oldDiagnostics, oldEnd);
  let lineDelta = 0;
  for (let i = firstAfter; i < oldDiagnostics.length; i++) {
    if (!LINE_MESSAGE.test(oldDiagnostics[i].message)) continue;
    const oldRange = oldText.slice(start, oldEnd);
    const newRange = text.slice(start, end);
    if (oldRange.includes('\r') || newRange.includes('\r')) return "line numbers after the range, with '\\r' in it";
    lineDelta = count(newRange, '\n') - count(oldRange, '\n');
    break;
  }
  const diagnostics = [
    ...oldDiagnostics.slice(0, firstDiagnosticAt(oldDiagnostics, start)),
    ...piece.diagnostics,
    ...oldDiagnostics.slice(firstAfter).map((d) => shiftDiagnostic(d, delta, lineDelta)),
  ];

  const oldItems = oldResult.ast.items;
  const itemsBefore = index.cutItems[a];
  const itemsAfterFrom = last ? oldItems.length : index.cutItems[b];
  const after = oldItems.slice(itemsAfterFrom);
  const items = [...oldItems.slice(0, itemsBefore), ...piece.items, ...(delta === 0 ? after : moveItems(after, delta))];
  const result: ParseResult = { ast: { kind: 'File', file, items, span: { file, start: 0, end: text.length } }, diagnostics };
  indexes.set(result, nextIndex(index, piece, file, text.length, delta, a, b, start, end, itemsBefore + piece.items.length - itemsAfterFrom));
  return result;
}

/** The index of the new result: the old cuts before and after the range (shifted), the range's own. */
function nextIndex(index: ParseIndex, piece: Piece, file: string, textLength: number, delta: number, a: number, b: number, start: number, end: number, itemShift: number): ParseIndex {
  const last = b === index.cutOffsets.length;
  const oldEnd = last ? index.textLength : index.cutOffsets[b];
  const offsets = index.cutOffsets.slice(0, a + 1);
  const items = index.cutItems.slice(0, a + 1);
  const cursors = index.cutCursors.slice(0, a + 1);
  for (const c of piece.cuts) {
    if (c.offset <= start || c.offset >= end) continue;
    offsets.push(c.offset);
    items.push(index.cutItems[a] + c.items);
    cursors.push(c.cursor);
  }
  // A block left open in the range keeps every later line inside a block.
  if (!last && piece.unclosed === 0) {
    offsets.push(end);
    items.push(index.cutItems[b] + itemShift);
    cursors.push(piece.cursorAtEnd);
    for (let i = b + 1; i < index.cutOffsets.length; i++) {
      offsets.push(index.cutOffsets[i] + delta);
      items.push(index.cutItems[i] + itemShift);
      const cursor = index.cutCursors[i];
      cursors.push(cursor >= oldEnd ? cursor + delta : piece.cursorAtEnd);
    }
  }
  const errors = index.errorOffsets;
  const errorOffsets = [
    ...errors.slice(0, lowerBound(errors, start)),
    ...piece.ownErrorOffsets,
    ...(last ? [] : errors.slice(lowerBound(errors, oldEnd)).map((o) => o + delta)),
  ];
  const strays = index.strayOffsets;
  const strayOffsets = [
    ...strays.slice(0, lowerBound(strays, start)),
    ...piece.strayOffsets,
    ...(last ? [] : strays.slice(lowerBound(strays, oldEnd)).map((o) => o + delta)),
  ];
  const next: ParseIndex = { file, textLength, cutOffsets: offsets, cutItems: items, cutCursors: cursors, errorOffsets, strayOffsets };
  // Statements of the range that looked back or ahead across a cut make it unusable (cut 0 always stays).
  if (piece.spans.length > 0) {
    const keep = offsets.map((o, i) => i === 0 || !piece.spans.some(([lo, hi]) => lo < o && o <= hi));
    next.cutOffsets = offsets.filter((_, i) => keep[i]);
    next.cutItems = items.filter((_, i) => keep[i]);
    next.cutCursors = cursors.filter((_, i) => keep[i]);
  }
  return next;
}

// ---------- helpers ----------

const LINE_MESSAGE = / opened at line (\d+)$/;

function shiftDiagnostic(d: Diagnostic, delta: number, lineDelta: number): Diagnostic {
  if (delta === 0 && lineDelta === 0) return d;
  const copy = shift(d, delta) as Diagnostic;
  if (lineDelta !== 0) copy.message = copy.message.replace(LINE_MESSAGE, (_, line: string) => ` opened at line ${Number(line) + lineDelta}`);
  return copy;
}

/*
 * Moving the items after the edit is most of the cost of an incremental parse, so the AST is copied node kind by node
 * kind with object literals (one shape per allocation site; a generic or spread-based copy was several times slower).
 * A field added to ast.ts must be added here too: the property test (test/syntax-incremental) compares every result
 * with a full parse. Kinds not listed here go through the generic `shift`.
 */
function moveSpan(span: Span, d: number): Span {
  return { file: span.file, start: span.start + d, end: span.end + d };
}

function moveItems(items: Item[], d: number): Item[] {
  const out = new Array<Item>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = moveItem(items[i], d);
  return out;
}

function moveExprs(exprs: Expr[], d: number): Expr[] {
  const out = new Array<Expr>(exprs.length);
  for (let i = 0; i < exprs.length; i++) out[i] = moveExpr(exprs[i], d);
  return out;
}

function moveGroups(groups: Expr[][], d: number): Expr[][] {
  const out = new Array<Expr[]>(groups.length);
  for (let i = 0; i < groups.length; i++) out[i] = moveExprs(groups[i], d);
  return out;
}

function moveIdent(n: Ident, d: number): Ident {
  return { kind: 'Ident', name: n.name, span: moveSpan(n.span, d) };
}

function moveItem(n: Item, d: number): Item {
  switch (n.kind) {
    case 'Block':
      return { kind: 'Block', keyword: moveIdent(n.keyword, d), groups: moveGroups(n.groups, d), body: moveItems(n.body, d), bodySpan: moveSpan(n.bodySpan, d), span: moveSpan(n.span, d) };
    case 'Directive':
      return { kind: 'Directive', keyword: moveIdent(n.keyword, d), groups: moveGroups(n.groups, d), span: moveSpan(n.span, d) };
    case 'Let':
      return { kind: 'Let', name: moveIdent(n.name, d), value: moveExpr(n.value, d), span: moveSpan(n.span, d) };
    case 'Fn':
      return {
        kind: 'Fn',
        name: moveIdent(n.name, d),
        params: n.params.map((p) => moveIdent(p, d)),
        body: n.body.kind === 'Items' ? { kind: 'Items', items: moveItems(n.body.items, d) } : { kind: 'Expr', expr: moveExpr(n.body.expr, d) },
        span: moveSpan(n.span, d),
      };
    case 'For': {
      const out: For = { kind: 'For', variable: moveIdent(n.variable, d), iterable: moveExpr(n.iterable, d), body: moveItems(n.body, d), span: moveSpan(n.span, d) };
      if (n.index !== undefined) out.index = moveIdent(n.index, d);
      return out;
    }
    case 'If':
      return moveIf(n, d);
    case 'Import':
      return { kind: 'Import', path: moveExpr(n.path, d) as StringLit, span: moveSpan(n.span, d) };
    case 'CallStmt':
      return { kind: 'CallStmt', call: moveExpr(n.call, d) as Call, span: moveSpan(n.span, d) };
    default:
      return shift(n, d) as Item;
  }
}

function moveIf(n: If, d: number): If {
  const out: If = { kind: 'If', condition: moveExpr(n.condition, d), then: moveItems(n.then, d), span: moveSpan(n.span, d) };
  if (n.else !== undefined) out.else = Array.isArray(n.else) ? moveItems(n.else, d) : moveIf(n.else, d);
  return out;
}

function moveExpr(n: Expr, d: number): Expr {
  const span = moveSpan(n.span, d);
  switch (n.kind) {
    case 'Ident':
      return { kind: 'Ident', name: n.name, span };
    case 'Number':
      return { kind: 'Number', value: n.value, span };
    case 'Bool':
      return { kind: 'Bool', value: n.value, span };
    case 'Duration':
      return { kind: 'Duration', ms: n.ms, text: n.text, span };
    case 'Size':
      return { kind: 'Size', bytes: n.bytes, text: n.text, span };
    case 'Ip':
      return { kind: 'Ip', text: n.text, span };
    case 'Cidr':
      return { kind: 'Cidr', text: n.text, span };
    case 'Address':
      return { kind: 'Address', host: n.host, port: n.port, text: n.text, span };
    case 'Version':
      return { kind: 'Version', text: n.text, span };
    case 'Error':
      return { kind: 'Error', span };
    case 'String':
      return { kind: 'String', parts: n.parts.map((p) => (typeof p === 'string' ? p : moveExpr(p, d))), span };
    case 'List':
      return { kind: 'List', items: moveExprs(n.items, d), span };
    case 'Range':
      return { kind: 'Range', from: moveExpr(n.from, d), to: moveExpr(n.to, d), span };
    case 'Binary':
      return { kind: 'Binary', op: n.op, left: moveExpr(n.left, d), right: moveExpr(n.right, d), span };
    case 'Unary':
      return { kind: 'Unary', op: n.op, operand: moveExpr(n.operand, d), span };
    case 'Call':
      return { kind: 'Call', callee: moveIdent(n.callee, d), args: moveExprs(n.args, d), span };
    case 'Member':
      return { kind: 'Member', object: moveExpr(n.object, d), property: moveIdent(n.property, d), span };
    case 'Index':
      return { kind: 'Index', object: moveExpr(n.object, d), index: moveExpr(n.index, d), span };
    case 'AddressOf':
      return { kind: 'AddressOf', host: moveExpr(n.host, d), port: moveExpr(n.port, d), span };
    default:
      return shift(n, d) as Expr;
  }
}

/** A deep copy with every span moved by `delta`. */
function shift(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = shift(value[i], delta);
    return out;
  }
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const key in source) {
    const v = source[key];
    if ((key === 'span' || key === 'bodySpan') && typeof v === 'object' && v !== null) {
      const span = v as Span;
      out[key] = { file: span.file, start: span.start + delta, end: span.end + delta };
    } else out[key] = typeof v === 'object' && v !== null ? shift(v, delta) : v;
  }
  return out;
}

/** Comparing whole blocks first: engines compare string contents much faster than a loop over characters. */
const BLOCK = 2048;

function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= max && a.substring(i, i + BLOCK) === b.substring(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of `a` and `b` that does not overlap their first `prefix` characters. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const max = Math.min(a.length, b.length) - prefix;
  let n = 0;
  while (n + BLOCK <= max && a.substring(a.length - n - BLOCK, a.length - n) === b.substring(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** The first index in [0, length) at which `before` turns false (it must be true up to there, then false). */
function partitionPoint(length: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first diagnostic starting at or after `offset` (diagnostics are sorted by start). */
function firstDiagnosticAt(list: Diagnostic[], offset: number): number {
  return partitionPoint(list.length, (i) => list[i].span.start < offset);
}

/** Index of the first element >= value. */
function lowerBound(list: number[], value: number): number {
  return partitionPoint(list.length, (i) => list[i] < value);
}

/** Index of the first element > value. */
function upperBound(list: number[], value: number): number {
  return partitionPoint(list.length, (i) => list[i] <= value);
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** Line numbers (relative, for `onePerLine`) of offsets in [start, end]. */
function linesFrom(text: string, start: number, end: number): (offset: number) => number {
  const starts: number[] = [start];
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => upperBound(starts, offset) - 1;
}

/** Widens `range` to every span in a node. */
function spanRange(value: unknown, range: number[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) spanRange(v, range);
    return;
  }
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if ((key === 'span' || key === 'bodySpan') && typeof v === 'object' && v !== null) {
      const span = v as Span;
      if (span.start < range[0]) range[0] = span.start;
      if (span.end > range[1]) range[1] = span.end;
    } else spanRange(v, range);
  }
}

function isReal(tok: IToken | undefined): tok is IToken {
  return tok !== undefined && !tok.isInsertedInRecovery && Number.isFinite(tok.startOffset);
}

/** Offsets of the first and last real tokens under a CST node. */
function extent(cst: CstNode): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  const visit = (n: CstNode) => {
    for (const key in n.children) {
      for (const child of n.children[key]) {
        if ((child as CstNode).children !== undefined) visit(child as CstNode);
        else if (isReal(child as IToken)) {
          const t = child as IToken;
          lo = Math.min(lo, t.startOffset);
          hi = Math.max(hi, (t.endOffset ?? t.startOffset) + 1);
        }
      }
    }
  };
  visit(cst);
  return lo === Infinity ? undefined : [lo, hi];
}
