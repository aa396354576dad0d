/** The built-in functions: env, secret, len, str, int, join, lower, upper. */
import type { Call } from '../syntax/ast.ts';
import { Secret } from '../model/values.ts';
import type { Reporter } from './report.ts';
import { describe, textOf, type EvalValue } from './values.ts';

export interface BuiltinContext {
  env: Record<string, string | undefined>;
  reporter: Reporter;
}

type Builtin = { params: string; min: number; max: number; run: (args: EvalValue[], call: Call, ctx: BuiltinContext) => EvalValue };

const none = (call: Call): EvalValue => ({ kind: 'none', span: call.span });

function typeError(ctx: BuiltinContext, call: Call, arg: EvalValue, expected: string): EvalValue {
  ctx.reporter.report('LB1005', arg.span, `${call.callee.name}() expects ${expected} here, not ${describe(arg)}.`);
  return none(call);
}

const textual = (v: EvalValue): v is Extract<EvalValue, { kind: 'string' | 'word' }> => v.kind === 'string' || v.kind === 'word';

export const BUILTINS: Record<string, Builtin> = {
  env: {
    params: 'NAME[, DEFAULT]', min: 1, max: 2,
    run([name, fallback], call, ctx) {
      if (!textual(name)) return typeError(ctx, call, name, 'the variable name as a string');
      const key = textOf(name)!;
      const value = ctx.env[key];
      if (value !== undefined) return { kind: 'string', value, span: call.span, env: key };
      if (fallback) return fallback.kind === 'string' ? { ...fallback, span: call.span, env: key } : { ...fallback, span: call.span };
      ctx.reporter.report(
        'LB1014', call.span,
        `Environment variable ${key} is not set. Set it before compiling, or give a default: env("${key}", "...").`,
        undefined, { variable: key },
      );
      return none(call);
    },
  },
  secret: {
    params: 'VALUE', min: 1, max: 1,
    run([value], call, ctx) {
      if (value.kind === 'secret' || value.kind === 'none') return { ...value, span: call.span };
      const arg = call.args[0];
      if (arg.kind === 'String' && arg.parts.every((p) => typeof p === 'string')) {
        ctx.reporter.report(
          'LB1015', arg.span,
          'This secret is written in the source file. Take it from the environment instead: secret(env("NAME")).',
        );
      }
      const text = value.kind === 'string' ? value.value : textOf(value);
      if (text === undefined) return typeError(ctx, call, value, 'a string');
      const source = value.kind === 'string' && value.env ? `env ${value.env}` : 'literal';
      return { kind: 'secret', secret: new Secret(text, source), span: call.span };
    },
  },
  len: {
    params: 'LIST|STRING', min: 1, max: 1,
    run([v], call, ctx) {
      if (v.kind === 'list') return { kind: 'number', value: v.items.length, span: call.span };
      if (v.kind === 'string') return { kind: 'number', value: v.value.length, span: call.span };
      if (v.kind === 'word') return { kind: 'number', value: v.name.length, span: call.span };
      if (v.kind === 'secret') return { kind: 'number', value: v.secret.length, span: call.span };
      if (v.kind === 'range') return { kind: 'number', value: Math.max(0, v.to - v.from + 1), span: call.span };
      if (v.kind === 'none') return none(call);
      return typeError(ctx, call, v, 'a list or a string');
    },
  },
  str: {
    params: 'VALUE', min: 1, max: 1,
    run([v], call, ctx) {
      if (v.kind === 'none') return none(call);
      const text = textOf(v);
      if (text === undefined) return typeError(ctx, call, v, 'a value with a text form');
      return { kind: 'string', value: text, span: call.span };
    },
  },
  int: {
    params: 'VALUE', min: 1, max: 1,
    run([v], call, ctx) {
      if (v.kind === 'none') return none(call);
      if (v.kind === 'number') return { kind: 'number', value: Math.trunc(v.value), span: call.span };
      if (textual(v)) {
        const text = textOf(v)!.trim();
        if (/^-?\d+(\.\d+)?$/.test(text)) return { kind: 'number', value: Math.trunc(Number(text)), span: call.span };
        ctx.reporter.report('LB1005', v.span, `int() cannot read "${text}" as a number. Pass digits such as "8080".`);
        return none(call);
      }
      return typeError(ctx, call, v, 'a number or a string of digits');
    },
  },
  join: {
    params: 'LIST, SEPARATOR', min: 2, max: 2,
    run([list, sep], call, ctx) {
      if (list.kind === 'none' || sep.kind === 'none') return none(call);
      if (list.kind !== 'list') return typeError(ctx, call, list, 'a list');
      if (!textual(sep)) return typeError(ctx, call, sep, 'a separator string');
      const parts = list.items.map(textOf);
      const bad = list.items.find((_, i) => parts[i] === undefined);
      if (bad) return typeError(ctx, call, bad, 'list items with a text form');
      return { kind: 'string', value: parts.join(textOf(sep)!), span: call.span };
    },
  },
  lower: {
    params: 'STRING', min: 1, max: 1,
    run([v], call, ctx) {
      if (v.kind === 'none') return none(call);
      if (!textual(v)) return typeError(ctx, call, v, 'a string');
      return { kind: 'string', value: textOf(v)!.toLowerCase(), span: call.span };
    },
  },
  upper: {
    params: 'STRING', min: 1, max: 1,
    run([v], call, ctx) {
      if (v.kind === 'none') return none(call);
      if (!textual(v)) return typeError(ctx, call, v, 'a string');
      return { kind: 'string', value: textOf(v)!.toUpperCase(), span: call.span };
    },
  },
};
