/**
 * Runs the scripting layer: lets, fns, loops, conditionals, imports and calls, and returns the plain tree of
 * declarations (blocks and directives with evaluated arguments) that the builders turn into the model.
 * Never throws: every problem becomes a diagnostic and evaluation continues with `none`.
 */
import type { Diagnostic, Span } from '../diagnostics/diagnostic.ts';
import type { CompileOptions } from '../api/host.ts';
import type { AddressOf, Call, Expr, FnDecl, Ident, Item, SourceFile, StringLit } from '../syntax/ast.ts';
import { resolveRelative } from '../util/path.ts';
import { didYouMean, closest } from '../util/suggest.ts';
import { BUILTINS } from './builtins.ts';
import { isKeyword, wordsOf } from './schema.ts';
import { Scope } from './scope.ts';
import type { Reporter } from './report.ts';
import { binary, unary } from './operators.ts';
import { evalLiteral } from './literals.ts';
import { describe, textOf, withSpan, type Decl, type EvalValue } from './values.ts';

export type ParseFn = (text: string, file: string) => { ast: SourceFile; diagnostics: Diagnostic[] };

export const MAX_ITERATIONS = 100_000;
export const MAX_CALL_DEPTH = 100;

export interface InterpretResult {
  decls: Decl[];
  /** Every file that contributed, entry first. */
  sources: string[];
  /** path -> text of every file read. */
  files: Map<string, string>;
}

interface Frame {
  file: string;
  scope: Scope;
  out: Decl[];
}

export function interpret(entry: string, options: CompileOptions, reporter: Reporter, parse: ParseFn): InterpretResult {
  return new Interpreter(options, reporter, parse).run(entry);
}

class Interpreter {
  private readonly files = new Map<string, string>();
  private readonly sources: string[] = [];
  /** Top-level scope of each fully evaluated file. */
  private readonly loaded = new Map<string, Scope>();
  /** Files being evaluated, outermost first, with the import that started each. */
  private readonly loading: { path: string; importSpan?: Span }[] = [];
  private iterations = 0;
  private depth = 0;
  private limitReported = false;

  constructor(
    private readonly options: CompileOptions,
    private readonly reporter: Reporter,
    private readonly parse: ParseFn,
  ) {}

  run(entry: string): InterpretResult {
    const decls: Decl[] = [];
    const text = this.options.fs.readFile(entry);
    if (text === undefined) {
      this.reporter.report('LB1010', { file: entry, start: 0, end: 0 }, `Cannot read '${entry}'. Check the path.`);
    } else {
      this.loadFile(entry, text, decls);
    }
    return { decls, sources: this.sources, files: this.files };
  }

  private loadFile(path: string, text: string, out: Decl[], importSpan?: Span): Scope {
    this.files.set(path, text);
    this.sources.push(path);
    const { ast, diagnostics } = this.parse(text, path);
    this.options.onParse?.(path, ast);
    this.reporter.diagnostics.push(...diagnostics);
    const scope = new Scope();
    this.loading.push({ path, importSpan });
    this.execItems(ast.items, { file: path, scope, out });
    this.loading.pop();
    this.loaded.set(path, scope);
    return scope;
  }

  // ---------- statements ----------

  private execItems(items: Item[], frame: Frame): void {
    // Functions are hoisted within their scope, so a helper may be written after its first use.
    for (const item of items) {
      if (item.kind === 'Fn') {
        this.bind(frame.scope, item.name, { kind: 'function', name: item.name.name, decl: item, closure: frame.scope, span: item.name.span });
      }
    }
    for (const item of items) if (item.kind !== 'Fn') this.exec(item, frame);
  }

  private exec(item: Item, frame: Frame): void {
    switch (item.kind) {
      case 'Block': {
        const body: Decl[] = [];
        const groups = this.evalGroups(item.keyword.name, item.groups, frame);
        this.execItems(item.body, { file: frame.file, scope: frame.scope.child(), out: body });
        frame.out.push({ keyword: item.keyword.name, keywordSpan: item.keyword.span, groups, body, span: item.span });
        return;
      }
      case 'Directive':
        frame.out.push({ keyword: item.keyword.name, keywordSpan: item.keyword.span, groups: this.evalGroups(item.keyword.name, item.groups, frame), span: item.span });
        return;
      case 'Let':
        this.bind(frame.scope, item.name, this.eval(item.value, frame));
        return;
      case 'Fn':
        return; // bound when its scope starts (execItems)
      case 'For':
        this.execFor(item, frame);
        return;
      case 'If': {
        const cond = this.eval(item.condition, frame);
        if (cond.kind === 'none') return;
        if (cond.kind !== 'bool') {
          this.reporter.report('LB1005', cond.span, `The condition of 'if' must be true or false, not ${describe(cond)}. Compare it, e.g. x == "prod".`);
          return;
        }
        const branch = cond.value ? item.then : item.else;
        if (branch === undefined) return;
        if (Array.isArray(branch)) this.execItems(branch, { file: frame.file, scope: frame.scope.child(), out: frame.out });
        else this.exec(branch, frame);
        return;
      }
      case 'Import':
        this.execImport(item.path, item.span, frame);
        return;
      case 'CallStmt': {
        const result = this.call(item.call, frame, 'statement');
        void result;
        return;
      }
    }
  }

  private bind(scope: Scope, name: Ident, value: EvalValue): void {
    const existing = scope.own(name.name);
    if (existing) {
      this.reporter.report(
        'LB1004', name.span, `'${name.name}' is already defined in this scope. Rename one of them.`,
        [{ span: existing.span, message: `'${name.name}' first defined here` }],
      );
      return;
    }
    if (isKeyword(name.name)) {
      this.reporter.report('LB1018', name.span, `'${name.name}' is also a keyword; inside this scope the word '${name.name}' means the variable. Rename the variable.`);
    }
    scope.define(name.name, { value, span: name.span });
    this.options.onBind?.(name.span, value);
  }

  private execFor(item: Extract<Item, { kind: 'For' }>, frame: Frame): void {
    const iterable = this.eval(item.iterable, frame);
    let values: EvalValue[];
    if (iterable.kind === 'list') values = iterable.items;
    else if (iterable.kind === 'range') {
      const count = iterable.to - iterable.from + 1;
      if (count > MAX_ITERATIONS - this.iterations) {
        this.limitReached(item.iterable.span, `This loop would run ${count} times; loops are limited to ${MAX_ITERATIONS} iterations in total. Use a smaller range.`);
        return;
      }
      values = [];
      for (let n = iterable.from; n <= iterable.to; n++) values.push({ kind: 'number', value: n, span: iterable.span });
    } else {
      if (iterable.kind !== 'none') {
        this.reporter.report('LB1005', iterable.span, `'for' needs a list or a range such as 1..3, not ${describe(iterable)}.`);
      }
      return;
    }
    for (let i = 0; i < values.length; i++) {
      if (++this.iterations > MAX_ITERATIONS) {
        this.limitReached(item.span, `Loops ran more than ${MAX_ITERATIONS} iterations in total. Make the loop smaller.`);
        return;
      }
      const scope = frame.scope.child();
      scope.define(item.variable.name, { value: values[i], span: item.variable.span });
      if (item.index) scope.define(item.index.name, { value: { kind: 'number', value: i, span: item.index.span }, span: item.index.span });
      this.options.onBind?.(item.variable.span, values[i]);
      if (item.index) this.options.onBind?.(item.index.span, { kind: 'number', value: i, span: item.index.span });
      this.execItems(item.body, { file: frame.file, scope, out: frame.out });
    }
  }

  private limitReached(span: Span, message: string): void {
    if (this.limitReported) return;
    this.limitReported = true;
    this.reporter.report('LB1017', span, message);
  }

  private execImport(pathLit: StringLit, span: Span, frame: Frame): void {
    const spec = this.eval(pathLit, frame);
    if (spec.kind !== 'string') return;
    const path = resolveRelative(frame.file, spec.value);
    const cycleStart = this.loading.findIndex((l) => l.path === path);
    if (cycleStart >= 0) {
      const chain = [...this.loading.slice(cycleStart).map((l) => l.path), path];
      const related = this.loading
        .slice(cycleStart + 1)
        .filter((l) => l.importSpan)
        .map((l) => ({ span: l.importSpan!, message: `'${l.path}' is imported here` }));
      this.reporter.report('LB1011', span, `Import cycle: ${chain.join(' -> ')}. Move the shared declarations into a file that both import.`, related);
      return;
    }
    let imported = this.loaded.get(path);
    if (!imported) {
      const text = this.options.fs.readFile(path);
      if (text === undefined) {
        this.reporter.report('LB1010', pathLit.span, `Cannot find '${spec.value}' (looked for ${path}). Check the path; it is relative to this file.`);
        return;
      }
      imported = this.loadFile(path, text, frame.out, span);
    }
    for (const [name, binding] of imported.entries()) {
      const existing = frame.scope.own(name);
      if (existing && existing.span === binding.span) continue; // the same definition reached through two imports
      if (existing) {
        this.reporter.report(
          'LB1004', span, `This import defines '${name}', which is already defined in this file. Rename one of them.`,
          [{ span: binding.span, message: `'${name}' defined here` }, { span: existing.span, message: `'${name}' defined here too` }],
        );
        continue;
      }
      frame.scope.define(name, binding);
    }
  }

  // ---------- expressions ----------

  private evalGroups(keyword: string, groups: Expr[][], frame: Frame): EvalValue[][] {
    const words = wordsOf(keyword);
    // Plain loops into arrays of the final size: this runs for every directive, and the callbacks of nested maps
    // showed in profiles.
    const values: EvalValue[][] = new Array(groups.length);
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      const evaluated: EvalValue[] = new Array(group.length);
      for (let j = 0; j < group.length; j++) {
        const e = group[j];
        if (e.kind === 'Ident' && words.has(e.name)) this.reportShadowedKeyword(keyword, e, frame);
        evaluated[j] = this.eval(e, frame);
      }
      values[i] = evaluated;
    }
    return values;
  }

  /** LB1018: a directive's own keyword (`http` in `mode http`) that a variable of the same name hides. */
  private reportShadowedKeyword(keyword: string, e: Ident, frame: Frame): void {
    const binding = frame.scope.lookup(e.name);
    if (!binding) return;
    this.reporter.report(
      'LB1018', e.span, `'${e.name}' is a variable here, not the keyword '${e.name}' of '${keyword}'. Rename the variable.`,
      [{ span: binding.span, message: `'${e.name}' defined here` }],
    );
  }

  eval(expr: Expr, frame: Frame): EvalValue {
    switch (expr.kind) {
      case 'Ident': {
        const binding = frame.scope.lookup(expr.name);
        return binding ? withSpan(binding.value, expr.span) : { kind: 'word', name: expr.name, span: expr.span };
      }
      case 'String':
        return this.evalString(expr, frame);
      case 'List':
        return { kind: 'list', items: expr.items.map((e) => this.eval(e, frame)), span: expr.span };
      case 'Range':
        return this.evalRange(expr, frame);
      case 'Binary': {
        const left = this.eval(expr.left, frame);
        if ((expr.op === '&&' || expr.op === '||') && left.kind === 'bool' && left.value === (expr.op === '||')) {
          return { kind: 'bool', value: left.value, span: expr.span };
        }
        return binary(expr.op, left, this.eval(expr.right, frame), expr.span, this.reporter);
      }
      case 'Unary':
        return unary(expr.op, this.eval(expr.operand, frame), expr.span, this.reporter);
      case 'Call':
        return this.call(expr, frame, 'expression');
      case 'Member':
        return this.evalMember(expr, frame);
      case 'Index':
        return this.evalIndex(expr, frame);
      case 'Error':
        return { kind: 'none', span: expr.span };
      case 'AddressOf':
        return this.evalAddressOf(expr, frame);
      default:
        return evalLiteral(expr, this.reporter);
    }
  }

  private evalString(expr: StringLit, frame: Frame): EvalValue {
    let text = '';
    for (const part of expr.parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      const v = this.eval(part, frame);
      if (v.kind === 'none') return { kind: 'none', span: expr.span };
      if (v.kind === 'secret') {
        this.reporter.report('LB1005', part.span, 'A secret cannot be interpolated into a string: its value would appear in plain text. Use the secret on its own.');
        return { kind: 'none', span: expr.span };
      }
      const t = textOf(v);
      if (t === undefined) {
        this.reporter.report('LB1005', part.span, `${describe(v)} cannot be put into a string.`);
        return { kind: 'none', span: expr.span };
      }
      text += t;
    }
    return { kind: 'string', value: text, span: expr.span };
  }

  private evalRange(expr: Extract<Expr, { kind: 'Range' }>, frame: Frame): EvalValue {
    const from = this.eval(expr.from, frame);
    const to = this.eval(expr.to, frame);
    if (from.kind === 'none' || to.kind === 'none') return { kind: 'none', span: expr.span };
    const end = to.kind === 'number' ? to.value : to.kind === 'address' ? to.address.port : undefined;
    if (from.kind === 'address' && end !== undefined && Number.isInteger(end)) {
      // `*:8000..8010`: a port range on a bind.
      if (end < from.address.port || end > 65535) {
        this.reporter.report('LB1006', to.span, `The port range ${from.address.port}..${end} must go upwards and end at 65535 at most.`);
        return { kind: 'none', span: expr.span };
      }
      return { kind: 'address', address: { ...from.address, portEnd: end }, span: expr.span };
    }
    if (from.kind !== 'number' || to.kind !== 'number' || !Number.isInteger(from.value) || !Number.isInteger(to.value)) {
      const bad = from.kind !== 'number' || !Number.isInteger(from.value) ? from : to;
      this.reporter.report('LB1005', bad.span, `A range needs whole numbers at both ends (1..3), not ${describe(bad)}.`);
      return { kind: 'none', span: expr.span };
    }
    return { kind: 'range', from: from.value, to: to.value, span: expr.span };
  }

  private evalMember(expr: Extract<Expr, { kind: 'Member' }>, frame: Frame): EvalValue {
    const object = this.eval(expr.object, frame);
    if (object.kind === 'none') return object;
    const prop = expr.property.name;
    // An unbound dotted name (`lb.kubesphere.local`) is one word, like a host or domain name.
    if (object.kind === 'word') return { kind: 'word', name: `${object.name}.${prop}`, span: expr.span };
    if (prop === 'length' && (object.kind === 'list' || object.kind === 'string')) {
      return { kind: 'number', value: object.kind === 'list' ? object.items.length : object.value.length, span: expr.span };
    }
    if (object.kind === 'cidr' && (prop === 'ip' || prop === 'prefix')) {
      return prop === 'ip' ? { kind: 'ip', ip: object.cidr.ip, span: expr.span } : { kind: 'number', value: object.cidr.prefix, span: expr.span };
    }
    if (object.kind === 'address' && prop === 'port') return { kind: 'number', value: object.address.port, span: expr.span };
    this.reporter.report('LB1013', expr.property.span, `${describe(object)} has no property '${prop}'. Lists and strings have 'length'; addresses 'port'; CIDRs 'ip' and 'prefix'.`);
    return { kind: 'none', span: expr.span };
  }

  private evalIndex(expr: Extract<Expr, { kind: 'Index' }>, frame: Frame): EvalValue {
    const object = this.eval(expr.object, frame);
    const index = this.eval(expr.index, frame);
    if (object.kind === 'none' || index.kind === 'none') return { kind: 'none', span: expr.span };
    if (index.kind !== 'number' || !Number.isInteger(index.value)) {
      this.reporter.report('LB1005', index.span, `An index must be a whole number, not ${describe(index)}.`);
      return { kind: 'none', span: expr.span };
    }
    const items: EvalValue[] | undefined =
      object.kind === 'list' ? object.items
      : object.kind === 'string' ? [...object.value].map((c) => ({ kind: 'string', value: c, span: expr.span }) as EvalValue)
      : undefined;
    if (!items) {
      this.reporter.report('LB1005', object.span, `Only lists and strings can be indexed, not ${describe(object)}.`);
      return { kind: 'none', span: expr.span };
    }
    if (index.value < 0 || index.value >= items.length) {
      this.reporter.report('LB1013', index.span, `Index ${index.value} is outside 0..${items.length - 1}. Check the length first with len().`);
      return { kind: 'none', span: expr.span };
    }
    return withSpan(items[index.value], expr.span);
  }

  private evalAddressOf(expr: AddressOf, frame: Frame): EvalValue {
    const span = expr.span;
    const host = this.eval(expr.host, frame);
    const port = this.eval(expr.port, frame);
    if (host.kind === 'none' || port.kind === 'none') return { kind: 'none', span };
    const portNumber = port.kind === 'number' ? port.value : port.kind === 'string' && /^\d+$/.test(port.value) ? Number(port.value) : undefined;
    if (portNumber === undefined || !Number.isInteger(portNumber)) {
      const hint = port.kind === 'word' ? ` '${port.name}' is not a variable here: define it with 'let' before this line.` : '';
      this.reporter.report('LB1005', port.span, `The port of an address must be a whole number, not ${describe(port)}.${hint}`);
      return { kind: 'none', span };
    }
    if (portNumber < 1 || portNumber > 65535) {
      this.reporter.report('LB1006', port.span, `Port ${portNumber} is outside 1-65535.`);
      return { kind: 'none', span };
    }
    if ((host.kind === 'word' && host.name === '*') || (host.kind === 'string' && host.value === '*')) {
      return { kind: 'address', address: { host: '*', port: portNumber }, span };
    }
    if (host.kind === 'ip') return { kind: 'address', address: { host: host.ip, port: portNumber }, span };
    if (host.kind === 'string') {
      const lit = evalLiteral({ kind: 'Ip', text: host.value, span: host.span }, undefined);
      if (lit.kind === 'ip') return { kind: 'address', address: { host: lit.ip, port: portNumber }, span };
    }
    this.reporter.report('LB1005', host.span, `The host of an address must be an IP address or *, not ${describe(host)}.`);
    return { kind: 'none', span };
  }

  // ---------- calls ----------

  private call(call: Call, frame: Frame, position: 'statement' | 'expression'): EvalValue {
    const name = call.callee.name;
    const binding = frame.scope.lookup(name);
    if (binding) {
      const fn = binding.value;
      if (fn.kind !== 'function') {
        this.reporter.report('LB1013', call.callee.span, `'${name}' is ${describe(fn)}, not a function.`, [{ span: binding.span, message: `'${name}' defined here` }]);
        return { kind: 'none', span: call.span };
      }
      return this.callUser(fn, call, frame, position);
    }
    const builtin = BUILTINS[name];
    if (builtin) {
      const args = call.args.map((a) => this.eval(a, frame));
      if (args.length < builtin.min || args.length > builtin.max) {
        this.reporter.report('LB1008', call.span, `${name}() takes ${builtin.params}; ${args.length} argument(s) given.`);
        return { kind: 'none', span: call.span };
      }
      return builtin.run(args, call, { env: this.options.env ?? {}, reporter: this.reporter });
    }
    const candidates = [...Object.keys(BUILTINS), ...this.functionNames(frame.scope)];
    const suggestion = closest(name, candidates);
    this.reporter.report(
      'LB1012', call.callee.span, `Unknown function '${name}'.${didYouMean(name, candidates)}`,
      undefined, suggestion ? { suggestion } : undefined,
    );
    for (const a of call.args) this.eval(a, frame);
    return { kind: 'none', span: call.span };
  }

  private functionNames(scope: Scope | undefined): string[] {
    const names: string[] = [];
    for (let s = scope; s; s = s.parent) for (const [n, b] of s.entries()) if (b.value.kind === 'function') names.push(n);
    return names;
  }

  private callUser(fn: Extract<EvalValue, { kind: 'function' }>, call: Call, frame: Frame, position: 'statement' | 'expression'): EvalValue {
    const decl: FnDecl = fn.decl;
    const args = call.args.map((a) => this.eval(a, frame));
    if (args.length !== decl.params.length) {
      this.reporter.report(
        'LB1008', call.span, `${fn.name}(${decl.params.map((p) => p.name).join(', ')}) takes ${decl.params.length} argument(s); ${args.length} given.`,
        [{ span: decl.name.span, message: `${fn.name} is defined here` }],
      );
      return { kind: 'none', span: call.span };
    }
    if (decl.body.kind === 'Items' && position === 'expression') {
      this.reporter.report('LB1013', call.span, `${fn.name}() produces declarations and has no value. Call it on its own line, or write fn ${fn.name}(...) = EXPR.`);
      return { kind: 'none', span: call.span };
    }
    if (this.depth >= MAX_CALL_DEPTH) {
      this.limitReached(call.span, `Calls are nested more than ${MAX_CALL_DEPTH} deep (endless recursion?). Add a stopping condition.`);
      return { kind: 'none', span: call.span };
    }
    const scope = fn.closure.child();
    decl.params.forEach((p, i) => {
      scope.define(p.name, { value: args[i], span: p.span });
      this.options.onBind?.(p.span, args[i]);
    });
    this.depth++;
    try {
      if (decl.body.kind === 'Expr') return withSpan(this.eval(decl.body.expr, { file: frame.file, scope, out: frame.out }), call.span);
      // Declarations land where the call stands; relative paths inside resolve against the fn's own file.
      this.execItems(decl.body.items, { file: decl.span.file, scope, out: frame.out });
      return { kind: 'none', span: call.span };
    } finally {
      this.depth--;
    }
  }
}
