/**
 * Arithmetic, comparison and logic on runtime values. A type mismatch is reported (LB1005) and yields `none`, so one
 * mistake gives one diagnostic. `&&`/`||` short-circuit and live in the interpreter.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { BinaryOp } from '../syntax/ast.ts';
import { ipAdd } from '../model/values.ts';
import type { Reporter } from './report.ts';
import { describe, textOf, valuesEqual, type EvalValue } from './values.ts';

const none = (span: Span): EvalValue => ({ kind: 'none', span });

export function binary(op: BinaryOp, a: EvalValue, b: EvalValue, span: Span, r: Reporter): EvalValue {
  if (a.kind === 'none' || b.kind === 'none') return none(span);
  if (a.kind === 'secret' || b.kind === 'secret') {
    // Comparing or computing with a secret would let the program reveal it through what it generates.
    r.report('LB1005', span, `A secret cannot be used with '${op}': the output would depend on its value. Use the secret on its own where a password is expected.`);
    return none(span);
  }
  if (op === '==') return { kind: 'bool', value: valuesEqual(a, b), span };
  if (op === '!=') return { kind: 'bool', value: !valuesEqual(a, b), span };
  if (op === '<' || op === '<=' || op === '>' || op === '>=') return compare(op, a, b, span, r);
  if (op === '&&' || op === '||') {
    if (a.kind === 'bool' && b.kind === 'bool') return { kind: 'bool', value: op === '&&' ? a.value && b.value : a.value || b.value, span };
    return mismatch(op, a, b, span, r);
  }
  if (op === '+') return plus(a, b, span, r);
  if (op === '-') return minus(a, b, span, r);
  return multiplicative(op, a, b, span, r);
}

function plus(a: EvalValue, b: EvalValue, span: Span, r: Reporter): EvalValue {
  if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', value: a.value + b.value, span };
  if (a.kind === 'string' || b.kind === 'string') {
    if (a.kind === 'secret' || b.kind === 'secret') {
      r.report('LB1005', span, 'A secret cannot be joined into a string: its value would appear in plain text. Use the secret on its own.');
      return none(span);
    }
    const left = textOf(a);
    const right = textOf(b);
    if (left === undefined || right === undefined) return mismatch('+', a, b, span, r);
    return { kind: 'string', value: left + right, span };
  }
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', items: [...a.items, ...b.items], span };
  if (a.kind === 'duration' && b.kind === 'duration') return { kind: 'duration', ms: a.ms + b.ms, span };
  if (a.kind === 'size' && b.kind === 'size') return { kind: 'size', bytes: a.bytes + b.bytes, span };
  if (a.kind === 'ip' && b.kind === 'number') return offsetIp(a, b.value, span, r);
  if (a.kind === 'number' && b.kind === 'ip') return offsetIp(b, a.value, span, r);
  if (a.kind === 'address' && b.kind === 'number') return offsetPort(a, b.value, span, r);
  return mismatch('+', a, b, span, r);
}

function minus(a: EvalValue, b: EvalValue, span: Span, r: Reporter): EvalValue {
  if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', value: a.value - b.value, span };
  if (a.kind === 'duration' && b.kind === 'duration') return { kind: 'duration', ms: a.ms - b.ms, span };
  if (a.kind === 'size' && b.kind === 'size') return { kind: 'size', bytes: a.bytes - b.bytes, span };
  if (a.kind === 'ip' && b.kind === 'number') return offsetIp(a, -b.value, span, r);
  if (a.kind === 'address' && b.kind === 'number') return offsetPort(a, -b.value, span, r);
  return mismatch('-', a, b, span, r);
}

function multiplicative(op: '*' | '/' | '%', a: EvalValue, b: EvalValue, span: Span, r: Reporter): EvalValue {
  if (b.kind === 'number' && b.value === 0 && op !== '*') {
    r.report('LB1013', span, `Division by zero in '${op}'. Check the right-hand side.`);
    return none(span);
  }
  const apply = (x: number, y: number) => (op === '*' ? x * y : op === '/' ? x / y : x % y);
  if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', value: apply(a.value, b.value), span };
  if (op === '*' && a.kind === 'number' && b.kind === 'duration') return { kind: 'duration', ms: a.value * b.ms, span };
  if (a.kind === 'duration' && b.kind === 'number' && op !== '%') return { kind: 'duration', ms: apply(a.ms, b.value), span };
  if (op === '*' && a.kind === 'number' && b.kind === 'size') return { kind: 'size', bytes: a.value * b.bytes, span };
  if (a.kind === 'size' && b.kind === 'number' && op !== '%') return { kind: 'size', bytes: apply(a.bytes, b.value), span };
  return mismatch(op, a, b, span, r);
}

function compare(op: '<' | '<=' | '>' | '>=', a: EvalValue, b: EvalValue, span: Span, r: Reporter): EvalValue {
  const key = (v: EvalValue): number | string | undefined =>
    v.kind === 'number' ? v.value : v.kind === 'duration' ? v.ms : v.kind === 'size' ? v.bytes : v.kind === 'string' ? v.value : undefined;
  const x = key(a);
  const y = key(b);
  if (x === undefined || y === undefined || a.kind !== b.kind) return mismatch(op, a, b, span, r);
  const value = op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
  return { kind: 'bool', value, span };
}

function offsetIp(a: Extract<EvalValue, { kind: 'ip' }>, n: number, span: Span, r: Reporter): EvalValue {
  const ip = Number.isInteger(n) ? ipAdd(a.ip, n) : undefined;
  if (!ip) {
    r.report('LB1006', span, `${a.ip.text} + ${n} is not an IP address. Use a smaller whole number.`);
    return none(span);
  }
  return { kind: 'ip', ip, span };
}

function offsetPort(a: Extract<EvalValue, { kind: 'address' }>, n: number, span: Span, r: Reporter): EvalValue {
  const port = a.address.port + n;
  if (!Number.isInteger(n) || port < 1 || port > 65535) {
    r.report('LB1006', span, `Port ${a.address.port} + ${n} = ${port} is outside 1-65535. Use a smaller offset.`);
    return none(span);
  }
  return { kind: 'address', address: { ...a.address, port, portEnd: a.address.portEnd === undefined ? undefined : a.address.portEnd + n }, span };
}

function mismatch(op: string, a: EvalValue, b: EvalValue, span: Span, r: Reporter): EvalValue {
  r.report('LB1005', span, `'${op}' does not apply to ${describe(a)} and ${describe(b)}. Convert one side (str(), int()) or change the operator.`);
  return none(span);
}

export function unary(op: '-' | '!', v: EvalValue, span: Span, r: Reporter): EvalValue {
  if (v.kind === 'none') return none(span);
  if (op === '!' && v.kind === 'bool') return { kind: 'bool', value: !v.value, span };
  if (op === '-' && v.kind === 'number') return { kind: 'number', value: -v.value, span };
  if (op === '-' && v.kind === 'duration') return { kind: 'duration', ms: -v.ms, span };
  r.report('LB1005', span, `'${op}' does not apply to ${describe(v)}.${op === '!' ? ' Use a comparison to get a boolean.' : ' Use a number.'}`);
  return none(span);
}
