/**
 * CST -> AST. Total over partial input: CST nodes that chevrotain recovered (`recoveredNode`) or tokens it inserted
 * (`isInsertedInRecovery`, NaN offsets) become `ErrorExpr`s or are left out, never an exception. Literal validation
 * (LB0005), string splitting and interpolation parsing (LB0003/LB0004) happen here, because they need the values.
 */
import type { CstElement, CstNode, IRecognitionException, IToken } from 'chevrotain';
import { makeDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.ts';
import { parseCidr, parseDuration, parseIpv4, parseIpv6, parseSize } from '../model/values.ts';
import type {
  BinaryOp,
  Block,
  Call,
  Directive,
  ErrorExpr,
  Expr,
  FnDecl,
  For,
  Ident,
  If,
  Import,
  Item,
  Let,
  SourceFile,
  StringLit,
} from './ast.ts';
import { hasUnclosedInterpolation, splitString } from './interpolation.ts';
import { tokenizeRange } from './lexer.ts';
import { parser } from './parser.ts';
import * as T from './tokens.ts';

type Child = CstNode | IToken;

/** Shared result for an absent child list; never mutated (callers map, filter or read it). */
const NONE: never[] = [];

/*
 * Child lists are read as `cst.children.name` at each call site rather than through one helper taking the name:
 * CST nodes come in many shapes, and a single lookup site for all of them was the slowest part of lowering.
 */
function nodeList(list: CstElement[] | undefined): CstNode[] {
  return (list ?? NONE) as CstNode[];
}
function tokenList(list: CstElement[] | undefined): IToken[] {
  return (list ?? NONE) as IToken[];
}
function firstNode(list: CstElement[] | undefined): CstNode | undefined {
  return list === undefined ? undefined : (list[0] as CstNode | undefined);
}
/** The first token of a list that was really read (not inserted by recovery). */
function firstReal(list: CstElement[] | undefined): IToken | undefined {
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length; i++) if (isReal(list[i] as IToken)) return list[i] as IToken;
  return undefined;
}
function isReal(tok: IToken | undefined): tok is IToken {
  return tok !== undefined && !tok.isInsertedInRecovery && Number.isFinite(tok.startOffset);
}
function isNode(child: Child): child is CstNode {
  return (child as CstNode).children !== undefined;
}

/** Half-open end of a token (chevrotain's endOffset is inclusive). */
function tokenEnd(tok: IToken): number {
  return (tok.endOffset ?? tok.startOffset) + 1;
}

/** Offsets of the first and last real tokens under a CST node, or undefined when it has none. */
function extent(cst: CstNode): [number, number] | undefined {
  const range: [number, number] = [Infinity, -Infinity];
  widen(cst, range);
  return range[0] === Infinity ? undefined : range;
}

function widen(n: CstNode, range: [number, number]): void {
  const children = n.children;
  for (const key in children) {
    const list = children[key] as Child[];
    for (let i = 0; i < list.length; i++) {
      const child = list[i];
      if (isNode(child)) widen(child, range);
      else if (isReal(child)) {
        if (child.startOffset < range[0]) range[0] = child.startOffset;
        const end = tokenEnd(child);
        if (end > range[1]) range[1] = end;
      }
    }
  }
}

/** The first child list (keys in insertion order) that starts with a CST node: a statement's kind and node. */
function firstNodeChildOfItem(cst: CstNode): [string, CstNode] | undefined {
  const children = cst.children;
  for (const key in children) {
    const list = children[key] as Child[];
    if (list.length > 0 && isNode(list[0])) return [key, list[0]];
  }
  return undefined;
}

/** The first CST node among a node's children (keys in insertion order), if any. */
function firstNodeChild(cst: CstNode): [string, CstNode] | undefined {
  const children = cst.children;
  for (const key in children) {
    const list = children[key] as Child[];
    for (let i = 0; i < list.length; i++) if (isNode(list[i])) return [key, list[i] as CstNode];
  }
  return undefined;
}

export class Lowerer {
  /** Parse errors of the current parse, by offset, to place the ErrorExpr of a recovered node. */
  private errorOffsets: number[] = [];
  /**
   * End of the last token lowered: where a node with no tokens of its own (a failed expression) must be. Public so
   * incremental parsing (incremental.ts) can start lowering mid-file where a whole-file lowering would stand.
   */
  cursor = 0;
  /** Incremental parsing: told of every lookup of "the first parse error at or after `offset`" and what it found. */
  onErrorLookup?: (offset: number, found: number | undefined) => void;

  constructor(
    private readonly text: string,
    private readonly file: string,
    readonly diagnostics: Diagnostic[],
  ) {}

  private span(start: number, end: number): Span {
    const s = Math.max(0, Math.min(start, this.text.length));
    return { file: this.file, start: s, end: Math.max(s, Math.min(end, this.text.length)) };
  }
  private tokSpan(tok: IToken): Span {
    this.cursor = Math.max(this.cursor, tokenEnd(tok));
    return this.span(tok.startOffset, tokenEnd(tok));
  }
  private cover(a: Span, b: Span): Span {
    return this.span(Math.min(a.start, b.start), Math.max(a.end, b.end));
  }
  private error(code: string, span: Span, message: string): void {
    this.diagnostics.push(makeDiagnostic(code, 'error', span, message));
  }

  setParseErrors(errors: IRecognitionException[]): void {
    this.errorOffsets = errors
      .map((e) => (isReal(e.token) ? e.token.startOffset : this.text.length))
      .sort((a, b) => a - b);
  }

  /** Incremental parsing: the offsets of every parse error of the whole file, sorted (as `setParseErrors` makes them). */
  setErrorOffsets(sorted: number[]): void {
    this.errorOffsets = sorted;
  }

  /** An ErrorExpr where the parse failed after `offset` (the first error at or after it). */
  private errorAfter(offset: number): ErrorExpr {
    const found = this.errorOffsets.find((o) => o >= offset);
    this.onErrorLookup?.(offset, found);
    const at = found ?? offset;
    return { kind: 'Error', span: this.span(at, at) };
  }

  // ---------- statements ----------

  sourceFile(cst: CstNode | undefined): SourceFile {
    const items = cst ? this.items(firstNode(cst.children.items)) : [];
    return { kind: 'File', file: this.file, items, span: this.span(0, this.text.length) };
  }

  /** `visit` (incremental parsing) is told of each statement's CST and what it became, once it is lowered. */
  items(cst: CstNode | undefined, visit?: (cst: CstNode, lowered: Item | undefined) => void): Item[] {
    if (!cst) return [];
    const out: Item[] = [];
    let previousEnd = -1;
    for (const item of nodeList(cst.children.item)) {
      const lowered = this.item(item, previousEnd);
      visit?.(item, lowered);
      if (lowered) {
        out.push(lowered);
        previousEnd = lowered.span.end;
      } else {
        const statement = firstNodeChild(item)?.[1];
        previousEnd = (statement && extent(statement)?.[1]) ?? previousEnd;
      }
    }
    return out;
  }

  private item(cst: CstNode, previousEnd: number): Item | undefined {
    const [name, inner] = firstNodeChildOfItem(cst) ?? [];
    if (!name || !inner) return undefined;
    switch (name) {
      case 'letStmt':
        return this.letStmt(inner);
      case 'fnDecl':
        return this.fnDecl(inner);
      case 'forStmt':
        return this.forStmt(inner);
      case 'ifStmt':
        return this.ifStmt(inner);
      case 'importStmt':
        return this.importStmt(inner);
      case 'callStmt':
        return this.callStmt(inner);
      case 'declaration':
        return this.declaration(inner);
      case 'junk':
        this.junk(inner, previousEnd);
        return undefined;
      default:
        return undefined;
    }
  }

  private ident(tok: IToken): Ident {
    return { kind: 'Ident', name: tok.image, span: this.tokSpan(tok) };
  }

  private letStmt(cst: CstNode): Let | undefined {
    const kw = firstReal(cst.children.Let);
    const name = firstReal(cst.children.name);
    if (!kw || !name) return undefined;
    const valueCst = firstNode(cst.children.expression);
    const value = valueCst ? this.expression(valueCst) : this.errorAfter(tokenEnd(name));
    return { kind: 'Let', name: this.ident(name), value, span: this.cover(this.tokSpan(kw), value.span) };
  }

  private fnDecl(cst: CstNode): FnDecl | undefined {
    const kw = firstReal(cst.children.Fn);
    const name = firstReal(cst.children.name);
    if (!kw || !name) return undefined;
    const params = tokenList(cst.children.param).filter(isReal).map((t) => this.ident(t));
    const bodyCst = firstNode(cst.children.body);
    let body: FnDecl['body'];
    let end: Span;
    if (bodyCst) {
      const b = this.body(bodyCst);
      body = { kind: 'Items', items: b.items };
      end = b.span;
    } else {
      const exprCst = firstNode(cst.children.expression);
      const after = extent(cst)?.[1] ?? tokenEnd(name);
      const expr = exprCst ? this.expression(exprCst) : this.errorAfter(after);
      body = { kind: 'Expr', expr };
      end = expr.span;
    }
    return { kind: 'Fn', name: this.ident(name), params, body, span: this.cover(this.tokSpan(kw), end) };
  }

  private forStmt(cst: CstNode): For | undefined {
    const kw = firstReal(cst.children.For);
    const first = firstReal(cst.children.first);
    if (!kw || !first) return undefined;
    const second = firstReal(cst.children.second);
    const iterCst = firstNode(cst.children.expression);
    const iterable = iterCst ? this.expression(iterCst) : this.errorAfter(extent(cst)?.[1] ?? tokenEnd(first));
    const bodyCst = firstNode(cst.children.body);
    const body = bodyCst ? this.body(bodyCst) : { items: [], span: iterable.span };
    const result: For = {
      kind: 'For',
      variable: this.ident(second ?? first),
      iterable,
      body: body.items,
      span: this.cover(this.tokSpan(kw), this.cover(iterable.span, body.span)),
    };
    if (second) result.index = this.ident(first);
    return result;
  }

  private ifStmt(cst: CstNode): If | undefined {
    const kw = firstReal(cst.children.If);
    if (!kw) return undefined;
    const condCst = firstNode(cst.children.expression);
    const condition = condCst ? this.expression(condCst) : this.errorAfter(tokenEnd(kw));
    const thenCst = firstNode(cst.children.then);
    const then = thenCst ? this.body(thenCst) : { items: [], span: condition.span };
    const result: If = { kind: 'If', condition, then: then.items, span: this.cover(this.tokSpan(kw), then.span) };
    const elseIfCst = firstNode(cst.children.elseIf);
    const elseCst = firstNode(cst.children.else);
    if (elseIfCst) {
      const nested = this.ifStmt(elseIfCst);
      if (nested) {
        result.else = nested;
        result.span = this.cover(result.span, nested.span);
      }
    } else if (elseCst) {
      const b = this.body(elseCst);
      result.else = b.items;
      result.span = this.cover(result.span, b.span);
    }
    return result;
  }

  private importStmt(cst: CstNode): Import | undefined {
    const kw = firstReal(cst.children.Import);
    const pathTok = firstReal(cst.children.path);
    if (!kw || !pathTok) return undefined;
    const path = this.stringLiteral(pathTok);
    return { kind: 'Import', path, span: this.cover(this.tokSpan(kw), path.span) };
  }

  private callStmt(cst: CstNode): Item | undefined {
    const callee = firstReal(cst.children.callee);
    if (!callee) return undefined;
    const args = this.callArgs(firstNode(cst.children.callArgs));
    const close = firstReal(cst.children.RParen);
    let end = close ? tokenEnd(close) : Math.max(tokenEnd(callee), ...args.map((a) => a.span.end));
    if (cst.recoveredNode && !close) {
      const err = this.errorAfter(end);
      args.push(err);
      end = Math.max(end, err.span.end);
    }
    const call: Call = { kind: 'Call', callee: this.ident(callee), args, span: this.span(callee.startOffset, end) };
    return { kind: 'CallStmt', call, span: call.span };
  }

  private declaration(cst: CstNode): Block | Directive | undefined {
    const kw = firstReal(cst.children.keyword);
    if (!kw) return undefined;
    const keyword = this.ident(kw);
    const groupNodes = nodeList(cst.children.argGroup);
    const commas = tokenList(cst.children.Comma).filter(isReal);
    let groups: Expr[][] = groupNodes.map((g) => this.argGroup(g));
    groups.forEach((group, i) => {
      if (group.length === 0 && groupNodes.length > 1) {
        const comma = commas[Math.max(0, i - 1)];
        const at = comma ? tokenEnd(comma) : tokenEnd(kw);
        this.error('LB0002', this.span(at - 1, at), `expected an argument ${i === 0 ? 'before' : 'after'} ','; remove the extra ','`);
      }
    });
    groups = groups.filter((g) => g.length > 0);
    let end = tokenEnd(kw);
    for (const g of groups) for (const e of g) end = Math.max(end, e.span.end);
    for (const c of commas) end = Math.max(end, tokenEnd(c));
    const recovered = cst.recoveredNode || groupNodes.some((g) => g.recoveredNode);
    const bodyCst = firstNode(cst.children.body);
    if (recovered && !bodyCst && !groups.some((g) => g.some(containsError))) {
      const err = this.errorAfter(end);
      if (groups.length === 0) groups.push([]);
      groups[groups.length - 1].push(err);
    }
    const span = this.span(kw.startOffset, end);
    if (bodyCst) {
      const b = this.body(bodyCst);
      return { kind: 'Block', keyword, groups, body: b.items, bodySpan: b.span, span: this.cover(span, b.span) };
    }
    return { kind: 'Directive', keyword, groups, span };
  }

  private argGroup(cst: CstNode): Expr[] {
    return nodeList(cst.children.expression).map((e) => this.expression(e));
  }

  private body(cst: CstNode): { items: Item[]; span: Span } {
    const open = firstReal(cst.children.LBrace);
    const close = firstReal(cst.children.RBrace);
    const items = this.items(firstNode(cst.children.items));
    const start = open ? open.startOffset : (items[0]?.span.start ?? extent(cst)?.[0] ?? 0);
    let end = close ? tokenEnd(close) : open ? tokenEnd(open) : start;
    for (const item of items) end = Math.max(end, item.span.end);
    return { items, span: this.span(start, end) };
  }

  /** A line (or the rest of one) that is not a statement. `previousEnd` tells whether it follows one on its line. */
  private junk(cst: CstNode, previousEnd: number): void {
    const ext = extent(cst);
    if (!ext) return;
    const first = this.firstToken(cst);
    const shown = first ? `'${first.image.length > 30 ? `${first.image.slice(0, 30)}...` : first.image}'` : 'this';
    const sameLine = previousEnd >= 0 && !/[\n;{}]/.test(this.text.slice(previousEnd, ext[0]));
    const message =
      first?.tokenType === T.Else
        ? "unexpected 'else': an else must follow the '}' of an if"
        : sameLine
          ? `unexpected ${shown} after the end of the statement: remove it, or start a new line or put ';' before it`
          : `expected a statement but found ${shown}: a statement starts with a keyword (such as backend or server) or with let, fn, for, if or import`;
    // Point at the line's start; a block body after it is not part of the complaint.
    const bodyStart = firstNode(cst.children.body) ? extent(firstNode(cst.children.body)!)?.[0] : undefined;
    const lineEnd = bodyStart !== undefined && bodyStart > ext[0] ? bodyStart : ext[1];
    this.error('LB0002', this.span(ext[0], Math.max(ext[0] + 1, lineEnd)), message);
  }

  private firstToken(cst: CstNode): IToken | undefined {
    let best: IToken | undefined;
    const visit = (n: CstNode) => {
      for (const list of Object.values(n.children)) {
        for (const child of list as Child[]) {
          if (isNode(child)) visit(child);
          else if (isReal(child) && (!best || child.startOffset < best.startOffset)) best = child;
        }
      }
    };
    visit(cst);
    return best;
  }

  // ---------- expressions ----------

  expression(cst: CstNode): Expr {
    const operandNodes = nodeList(cst.children.operand);
    const operators = tokenList(cst.children.operator);
    if (operandNodes.length === 0) return this.errorAfter(this.fallbackOffset(cst));
    const operands = operandNodes.map((o) => this.operand(o));
    // A failed right-hand side leaves an operator without its operand.
    while (operands.length <= operators.length) operands.push(this.errorAfter(tokenEnd(operators[operands.length - 1])));
    return this.climb(operands, operators);
  }

  /** Precedence climbing over the flat `operand (operator operand)*` list; all operators are left-associative. */
  private climb(operands: Expr[], operators: IToken[]): Expr {
    let next = 0;
    const level = (minPrecedence: number): Expr => {
      let left = operands[next];
      while (next < operators.length) {
        const op = operators[next].image;
        const precedence = BINARY_PRECEDENCE[op] ?? 0;
        if (precedence < minPrecedence) break;
        next++;
        const right = level(precedence + 1);
        const span = this.cover(left.span, right.span);
        left = op === '..' ? { kind: 'Range', from: left, to: right, span } : { kind: 'Binary', op: op as BinaryOp, left, right, span };
      }
      return left;
    };
    return level(0);
  }

  private fallbackOffset(cst: CstNode): number {
    return extent(cst)?.[0] ?? this.cursor;
  }

  /** Prefix operators applied (innermost last) to a value or an address built from values. */
  private operand(cst: CstNode): Expr {
    const star = firstReal(cst.children.wildcard);
    const hostCst = firstNode(cst.children.host);
    const portCst = firstNode(cst.children.port);
    const colon = firstReal(cst.children.Colon);
    const prefixes = tokenList(cst.children.prefix).filter(isReal);
    for (const p of prefixes) this.tokSpan(p);
    let value: Expr;
    if (star) {
      const host: Expr = { kind: 'Ident', name: '*', span: this.tokSpan(star) };
      const port = portCst ? this.primary(portCst) : this.errorAfter(colon ? tokenEnd(colon) : host.span.end);
      value = { kind: 'AddressOf', host, port, span: this.cover(host.span, port.span) };
    } else if (hostCst) {
      const host = this.primary(hostCst);
      if (colon) {
        const port = portCst ? this.primary(portCst) : this.errorAfter(tokenEnd(colon));
        value = { kind: 'AddressOf', host, port, span: this.cover(host.span, port.span) };
      } else value = host;
    } else value = this.errorAfter(this.fallbackOffset(cst));
    for (let i = prefixes.length - 1; i >= 0; i--) {
      const op = prefixes[i];
      value = { kind: 'Unary', op: op.image as '-' | '!', operand: value, span: this.cover(this.tokSpan(op), value.span) };
    }
    return value;
  }

  private postfix(base: Expr, ops: CstNode[]): Expr {
    let result = base;
    for (const op of ops) {
      const ext = extent(op);
      const end = ext ? ext[1] : result.span.end;
      if (tokenList(op.children.LParen).length > 0) {
        const args = this.callArgs(firstNode(op.children.callArgs));
        if (op.recoveredNode && !firstReal(op.children.RParen)) args.push(this.errorAfter(end));
        if (result.kind !== 'Ident') {
          this.error('LB0002', this.span(result.span.start, end), 'only a function name can be called: write name(args)');
          result = { kind: 'Error', span: this.span(result.span.start, end) };
          continue;
        }
        result = { kind: 'Call', callee: result, args, span: this.span(result.span.start, Math.max(end, ...args.map((a) => a.span.end))) };
      } else if (tokenList(op.children.Dot).length > 0) {
        const prop = firstReal(op.children.property);
        if (!prop) {
          result = { kind: 'Error', span: this.span(result.span.start, end) };
          continue;
        }
        result = { kind: 'Member', object: result, property: this.ident(prop), span: this.span(result.span.start, tokenEnd(prop)) };
      } else {
        const indexCst = firstNode(op.children.expression);
        const index = indexCst ? this.expression(indexCst) : this.errorAfter(end);
        result = { kind: 'Index', object: result, index, span: this.span(result.span.start, Math.max(end, index.span.end)) };
      }
    }
    return result;
  }

  private callArgs(cst: CstNode | undefined): Expr[] {
    if (!cst) return [];
    return nodeList(cst.children.expression).map((e) => this.expression(e));
  }

  private primary(cst: CstNode): Expr {
    return this.postfix(this.value(cst), nodeList(cst.children.postfixOp));
  }

  private value(cst: CstNode): Expr {
    const lit = firstReal(cst.children.literal);
    if (lit) return this.literal(lit);
    const name = firstReal(cst.children.name);
    if (name) return this.ident(name);
    const listCst = firstNode(cst.children.list);
    if (listCst) {
      const items = nodeList(listCst.children.expression).map((e) => this.expression(e));
      const ext = extent(listCst);
      const start = ext ? ext[0] : (items[0]?.span.start ?? this.fallbackOffset(cst));
      let end = ext ? ext[1] : start;
      if (listCst.recoveredNode && !firstReal(listCst.children.RBracket)) items.push(this.errorAfter(end));
      for (const item of items) end = Math.max(end, item.span.end);
      return { kind: 'List', items, span: this.span(start, end) };
    }
    const inner = firstNode(cst.children.parenthesized);
    if (inner) return this.expression(inner);
    return this.errorAfter(this.fallbackOffset(cst));
  }

  // ---------- literals ----------

  private literal(tok: IToken): Expr {
    const span = this.tokSpan(tok);
    const text = tok.image;
    switch (tok.tokenType) {
      case T.NumberLiteral:
        return { kind: 'Number', value: Number(text), span };
      case T.True:
        return { kind: 'Bool', value: true, span };
      case T.False:
        return { kind: 'Bool', value: false, span };
      case T.StringLiteral:
      case T.UnterminatedString:
        return this.stringLiteral(tok);
      case T.DurationLiteral: {
        const ms = parseDuration(text);
        if (ms === undefined) this.error('LB0005', span, `malformed duration '${text}': write e.g. 500ms, 2s, 1m30s`);
        return { kind: 'Duration', ms: ms ?? 0, text, span };
      }
      case T.SizeLiteral: {
        const bytes = parseSize(text);
        if (bytes === undefined) this.error('LB0005', span, `malformed size '${text}': write e.g. 64KB or 1MiB`);
        return { kind: 'Size', bytes: bytes ?? 0, text, span };
      }
      case T.Ipv4Literal:
        this.checkIpv4(text, span);
        return { kind: 'Ip', text, span };
      case T.Ipv6Literal:
        if (!parseIpv6(text)) this.error('LB0005', span, `malformed IPv6 address '${text}'`);
        return { kind: 'Ip', text, span };
      case T.CidrLiteral:
        this.checkCidr(text, span);
        return { kind: 'Cidr', text, span };
      case T.AddressLiteral:
        return this.addressLiteral(text, span);
      case T.VersionLiteral:
        return { kind: 'Version', text, span };
      case T.MalformedNumber:
        this.error('LB0005', span, malformedNumberMessage(text));
        return { kind: 'Error', span };
      default:
        return { kind: 'Error', span };
    }
  }

  private checkIpv4(text: string, span: Span): boolean {
    if (parseIpv4(text)) return true;
    const parts = text.split('.');
    const big = parts.find((p) => Number(p) > 255);
    const message = big
      ? `malformed IPv4 address '${text}': ${big} is greater than 255`
      : `malformed IPv4 address '${text}': write each part without leading zeros`;
    this.error('LB0005', span, message);
    return false;
  }

  private checkCidr(text: string, span: Span): void {
    if (parseCidr(text)) return;
    const slash = text.lastIndexOf('/');
    const ipText = text.slice(0, slash);
    const v6 = ipText.includes(':');
    if (v6 ? !parseIpv6(ipText) : !parseIpv4(ipText)) {
      if (v6) this.error('LB0005', span, `malformed IPv6 address '${ipText}' in CIDR '${text}'`);
      else this.checkIpv4(ipText, this.span(span.start, span.start + ipText.length));
      return;
    }
    this.error('LB0005', span, `malformed CIDR '${text}': the prefix length must be at most ${v6 ? 128 : 32}`);
  }

  private addressLiteral(text: string, span: Span): Expr {
    const colon = text.lastIndexOf(':');
    const hostText = text.slice(0, colon);
    const port = Number(text.slice(colon + 1));
    let host = hostText === '' || hostText === '*' ? '*' : hostText;
    if (host.startsWith('[')) {
      host = host.slice(1, -1);
      if (!parseIpv6(host)) this.error('LB0005', span, `malformed IPv6 address '${host}' in '${text}'`);
    } else if (host !== '*') this.checkIpv4(host, this.span(span.start, span.start + hostText.length));
    if (port > 65535) this.error('LB0005', span, `port ${port} in '${text}' is out of range: ports are 1-65535`);
    return { kind: 'Address', host, port, text, span };
  }

  stringLiteral(tok: IToken): StringLit {
    const span = this.tokSpan(tok);
    if (tok.tokenType === T.UnterminatedString) {
      if (hasUnclosedInterpolation(this.text, span.start, span.end)) {
        this.error('LB0004', span, "'${' is not closed in this string: add '}' after the expression, then the closing '\"'");
      } else {
        this.error('LB0003', span, 'unterminated string: add the closing \'"\' before the end of the line');
      }
      return { kind: 'String', parts: [this.text.slice(span.start + 1, span.end)], span };
    }
    const split = splitString(this.text, span.start, span.end);
    for (const p of split.problems) this.error(p.code, this.span(p.start, p.end), p.message);
    const parts: (string | Expr)[] = split.parts.map((part) => (typeof part === 'string' ? part : this.interpolation(part.start, part.end)));
    return { kind: 'String', parts, span };
  }

  /** Parses `${...}` contents with the shared parser; every problem inside is LB0004. */
  private interpolation(start: number, end: number): Expr {
    const source = this.text.slice(start, end);
    const whole = this.span(start - 2, end + 1);
    if (source.trim() === '') {
      this.error('LB0004', whole, "empty interpolation '${}': put an expression inside, or write \\${ for a literal '${'");
      return { kind: 'Error', span: whole };
    }
    const lexDiagnostics: Diagnostic[] = [];
    const toks = tokenizeRange(this.text, start, end, this.file, lexDiagnostics);
    for (const d of lexDiagnostics) this.diagnostics.push({ ...d, code: 'LB0004', message: `in '\${...}': ${d.message}` });
    parser.input = toks;
    const cst = parser.interpolation();
    const errors = [...parser.errors];
    const outerErrors = this.errorOffsets;
    this.setParseErrors(errors);
    const first = errors[0];
    if (first && lexDiagnostics.length === 0) {
      const at = isReal(first.token) ? first.token.startOffset : end;
      const message = first.message
        .replace('the end of the file', "the end of the '${...}'")
        .replace('expected the end of the statement', "an interpolation holds a single expression");
      this.error('LB0004', this.span(at, Math.max(at + 1, isReal(first.token) ? tokenEnd(first.token) : at)), `in '\${...}': ${message}`);
    }
    // A broken interpolation stands as one ErrorExpr covering `${...}`: its pieces would mean nothing.
    const exprCst = firstNode(cst.children.expression);
    const broken = errors.length > 0 || lexDiagnostics.length > 0 || !exprCst;
    const expr: Expr = broken ? ({ kind: 'Error', span: whole } as ErrorExpr) : this.expression(exprCst);
    this.errorOffsets = outerErrors;
    return expr;
  }
}

function malformedNumberMessage(text: string): string {
  if (/^\d+\.\d+(us|ms|s|m|h|d)$/.test(text)) return `malformed duration '${text}': durations take whole numbers, e.g. 1500ms instead of 1.5s`;
  if (/^\d+(\.\d+){1,2}$/.test(text) || /^\d+(\.\d+){4,}$/.test(text)) return `malformed number or IP address '${text}': an IPv4 address has four parts`;
  return `malformed literal '${text}': a number cannot be followed by letters; durations are like 500ms, sizes like 64KB (put a space between a number and a word)`;
}

/** Binding strength of binary operators (higher binds tighter); see docs/language.md §2. */
const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 3,
  '<=': 3,
  '>': 3,
  '>=': 3,
  '..': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

function containsError(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsError);
  if (typeof value !== 'object' || value === null) return false;
  if ((value as { kind?: string }).kind === 'Error') return true;
  return Object.entries(value).some(([k, v]) => k !== 'span' && containsError(v));
}
