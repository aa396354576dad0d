/**
 * Runtime values of the interpreter. Every value carries the span of the expression that produced it, so a builder
 * can point a type or range error at the exact argument. `none` stands for a value whose problem has already been
 * reported (an unset env var, a parse error): builders skip it silently instead of piling up follow-on errors.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { FnDecl } from '../syntax/ast.ts';
import { cidrText, formatDuration, type Address, type Cidr, type Ip, type Secret } from '../model/values.ts';
import type { Scope } from './scope.ts';

export type EvalValue =
  | { kind: 'number'; value: number; span: Span }
  /** `env` records the variable a string came from, so `secret(env("X"))` can name its source. */
  | { kind: 'string'; value: string; span: Span; env?: string }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'duration'; ms: number; span: Span }
  | { kind: 'size'; bytes: number; span: Span }
  | { kind: 'ip'; ip: Ip; span: Span }
  | { kind: 'cidr'; cidr: Cidr; span: Span }
  | { kind: 'address'; address: Address; span: Span }
  | { kind: 'version'; text: string; span: Span }
  | { kind: 'list'; items: EvalValue[]; span: Span }
  | { kind: 'range'; from: number; to: number; span: Span }
  /** An identifier that is not a bound variable: a keyword, an enum value or a reference to a declared name. */
  | { kind: 'word'; name: string; span: Span }
  | { kind: 'secret'; secret: Secret; span: Span }
  | { kind: 'function'; name: string; decl: FnDecl; closure: Scope; span: Span }
  | { kind: 'none'; span: Span };

export type ValueKind = EvalValue['kind'];

/** An evaluated declaration: a block or a directive with its arguments evaluated; scripting constructs are gone. */
export interface Decl {
  keyword: string;
  keywordSpan: Span;
  groups: EvalValue[][];
  /** Present for blocks (`keyword args { ... }`), absent for directives. */
  body?: Decl[];
  span: Span;
}

export function withSpan(v: EvalValue, span: Span): EvalValue {
  return { ...v, span } as EvalValue;
}

/** What a kind is called in messages. */
export const KIND_NAMES: Record<ValueKind, string> = {
  number: 'a number', string: 'a string', bool: 'a boolean', duration: 'a duration', size: 'a size', ip: 'an IP address',
  cidr: 'a CIDR', address: 'an address', version: 'a version', list: 'a list', range: 'a range', word: 'a name',
  secret: 'a secret', function: 'a function', none: 'nothing',
};

export function describe(v: EvalValue): string {
  return KIND_NAMES[v.kind];
}

export function addressText(a: Address): string {
  const host = a.host === '*' ? '*' : 'dns' in a.host ? a.host.dns : a.host.family === 6 ? `[${a.host.text}]` : a.host.text;
  return `${host}:${a.port}${a.portEnd !== undefined ? `-${a.portEnd}` : ''}`;
}

/** Text form used by interpolation, `str()` and string joining. Undefined for values that have none (secrets,
 *  functions): the caller reports an error instead of leaking or inventing text. */
export function textOf(v: EvalValue): string | undefined {
  switch (v.kind) {
    case 'number': return String(v.value);
    case 'string': return v.value;
    case 'bool': return String(v.value);
    case 'duration': return formatDuration(v.ms);
    case 'size': return `${v.bytes}B`;
    case 'ip': return v.ip.text;
    case 'cidr': return cidrText(v.cidr);
    case 'address': return addressText(v.address);
    case 'version': return v.text;
    case 'word': return v.name;
    case 'range': return `${v.from}..${v.to}`;
    case 'list': {
      const parts = v.items.map(textOf);
      return parts.every((p) => p !== undefined) ? parts.join(',') : undefined;
    }
    case 'secret':
    case 'function':
    case 'none':
      return undefined;
  }
}

/** Structural equality used by `==` / `!=`. Words and strings compare by text (`mode == "http"`). */
export function valuesEqual(a: EvalValue, b: EvalValue): boolean {
  const textual = (v: EvalValue) => v.kind === 'string' || v.kind === 'word';
  if (textual(a) && textual(b)) return textOf(a) === textOf(b);
  if (a.kind !== b.kind) return false;
  if (a.kind === 'list' && b.kind === 'list') {
    return a.items.length === b.items.length && a.items.every((x, i) => valuesEqual(x, b.items[i]));
  }
  if (a.kind === 'secret' || a.kind === 'function' || a.kind === 'none') return false;
  return textOf(a) === textOf(b);
}
