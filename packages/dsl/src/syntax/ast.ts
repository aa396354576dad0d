/**
 * The abstract syntax of `.lb`. The language is uniform: every declaration is a `Block` (`keyword args { ... }`) or
 * a `Directive` (`keyword args` up to the end of the line), and what a keyword means is decided by the schema in
 * `semantics/`, not by the grammar. Scripting forms (let, fn, for, if, import, calls) are the only special syntax.
 * The tree is produced from chevrotain's CST by `lower.ts`; partial input yields partial trees with `ErrorExpr`
 * nodes, never an exception. Every node has a span.
 */
import type { Span } from '../diagnostics/diagnostic.ts';

export interface SourceFile {
  kind: 'File';
  file: string;
  items: Item[];
  span: Span;
}

export type Item = Block | Directive | Let | FnDecl | For | If | Import | CallStmt;

export interface Ident {
  kind: 'Ident';
  /** Identifiers may contain '-' (`control-plane`), so binary minus needs spaces: `a - 1`. */
  name: string;
  span: Span;
}

/** `keyword arg arg, arg arg` — comma-separated groups of juxtaposed expressions. */
export interface Directive {
  kind: 'Directive';
  keyword: Ident;
  groups: Expr[][];
  span: Span;
}

/** `keyword arg* { items }`, e.g. `backend app { ... }`, `frontend web from base { ... }`. */
export interface Block {
  kind: 'Block';
  keyword: Ident;
  groups: Expr[][];
  body: Item[];
  /** From `{` to `}` inclusive. */
  bodySpan: Span;
  span: Span;
}

export interface Let {
  kind: 'Let';
  name: Ident;
  value: Expr;
  span: Span;
}

/** `fn name(a, b) { items }` produces declarations; `fn name(a, b) = expr` returns a value. */
export interface FnDecl {
  kind: 'Fn';
  name: Ident;
  params: Ident[];
  body: { kind: 'Items'; items: Item[] } | { kind: 'Expr'; expr: Expr };
  span: Span;
}

/** `for x in EXPR { items }` or `for i, x in LIST { items }` (i is the 0-based index). */
export interface For {
  kind: 'For';
  variable: Ident;
  index?: Ident;
  iterable: Expr;
  body: Item[];
  span: Span;
}

export interface If {
  kind: 'If';
  condition: Expr;
  then: Item[];
  /** `else { }` gives Item[]; `else if` gives a nested If. */
  else?: Item[] | If;
  span: Span;
}

/** `import "./common.lb"`: the imported file's declarations join the model; its lets and fns become visible. */
export interface Import {
  kind: 'Import';
  path: StringLit;
  span: Span;
}

/** A call used as a statement, e.g. `web_backend("api", 8080)`: runs a declaration-producing fn. */
export interface CallStmt {
  kind: 'CallStmt';
  call: Call;
  span: Span;
}

// ---------- expressions ----------

export type Expr =
  | NumberLit
  | StringLit
  | BoolLit
  | DurationLit
  | SizeLit
  | IpLit
  | CidrLit
  | AddressLit
  | VersionLit
  | Ident
  | ListExpr
  | RangeExpr
  | Binary
  | Unary
  | Call
  | Member
  | Index
  | AddressOf
  | ErrorExpr;

export interface NumberLit {
  kind: 'Number';
  value: number;
  span: Span;
}

/** A string; `parts` alternates literal text and `${expr}` interpolations. */
export interface StringLit {
  kind: 'String';
  parts: (string | Expr)[];
  span: Span;
}

export interface BoolLit {
  kind: 'Bool';
  value: boolean;
  span: Span;
}

/** `500ms`, `2s`, `1m30s`, `1h`, `1d`. */
export interface DurationLit {
  kind: 'Duration';
  ms: number;
  text: string;
  span: Span;
}

/** `64KB`, `1MiB`. */
export interface SizeLit {
  kind: 'Size';
  bytes: number;
  text: string;
  span: Span;
}

/** `10.0.0.1`, `::1`, `2001:db8::1`. `text` is as written. */
export interface IpLit {
  kind: 'Ip';
  text: string;
  span: Span;
}

/** `10.0.0.0/24`, `fd00::/64`. */
export interface CidrLit {
  kind: 'Cidr';
  text: string;
  span: Span;
}

/** `10.0.0.1:80`, `*:80`, `:80`, `[::1]:443`. `host` is '*' for `*:p` and `:p`. */
export interface AddressLit {
  kind: 'Address';
  host: string;
  port: number;
  text: string;
  span: Span;
}

/** `v1.28.8` */
export interface VersionLit {
  kind: 'Version';
  text: string;
  span: Span;
}

export interface ListExpr {
  kind: 'List';
  items: Expr[];
  span: Span;
}

/** `a..b`, inclusive at both ends. */
export interface RangeExpr {
  kind: 'Range';
  from: Expr;
  to: Expr;
  span: Span;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export interface Binary {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface Unary {
  kind: 'Unary';
  op: '-' | '!';
  operand: Expr;
  span: Span;
}

/** `name(args)`: only when `(` directly follows the name with no space (`f (x)` is two arguments). */
export interface Call {
  kind: 'Call';
  callee: Ident;
  args: Expr[];
  span: Span;
}

/** `expr.name`, e.g. `hosts.lb1` is not supported; used for list/str helpers like `xs.length`. */
export interface Member {
  kind: 'Member';
  object: Expr;
  property: Ident;
  span: Span;
}

export interface Index {
  kind: 'Index';
  object: Expr;
  index: Expr;
  span: Span;
}

/**
 * `HOST:PORT` where either side is not a literal, e.g. `127.0.0.1:port`, `vip:8443`, `*:port`. A dedicated node
 * rather than a Call to `address()`, so no user function can shadow it and spans stay exact. A wildcard host (`*:port`)
 * is the Ident `*` (no variable can have that name, so it always evaluates to itself). Binds tighter than arithmetic:
 * `127.0.0.1:base + i` is AddressOf(127.0.0.1, base) + i. Literal addresses (`10.0.0.1:80`) stay `AddressLit`.
 */
export interface AddressOf {
  kind: 'AddressOf';
  host: Expr;
  port: Expr;
  span: Span;
}

/** Stands in for an expression the parser could not read; a diagnostic has already been reported. */
export interface ErrorExpr {
  kind: 'Error';
  span: Span;
}
