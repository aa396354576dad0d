/**
 * A cursor over one group of a directive's arguments, with typed readers. Every reader reports its own error
 * (LB1005 wrong type, LB1006 out of range, LB1008 missing) at the argument's span and returns undefined; a `none`
 * argument (already reported upstream) yields undefined silently.
 */
import type { Span } from '../../diagnostics/diagnostic.ts';
import type { Ref } from '../../model/model.ts';
import type { Address, Cidr, Ip, SecretOr } from '../../model/values.ts';
import { closest } from '../../util/suggest.ts';
import type { Reporter } from '../report.ts';
import { describe, type EvalValue } from '../values.ts';
import { toAddress, toCidr, toDuration, toIp, toNumber, toText } from './coerce.ts';

const NAME_PATTERN = /^[A-Za-z0-9_.:-]+$/;

export class Args {
  private index = 0;
  /** True once any reader failed, so callers can drop a half-read setting. */
  failed = false;

  constructor(
    readonly values: readonly EvalValue[],
    readonly reporter: Reporter,
    /** The directive (or block) keyword, for messages. */
    readonly keyword: string,
    /** Where to point "missing argument" errors. */
    readonly span: Span,
  ) {}

  get done(): boolean {
    return this.index >= this.values.length;
  }

  peek(): EvalValue | undefined {
    return this.values[this.index];
  }

  next(): EvalValue | undefined {
    return this.values[this.index++];
  }

  /** The word the next argument is, if it is one of `names` (only bare words: a string "weight" is a value). */
  peekWord(...names: string[]): string | undefined {
    return this.peekWordIn(names);
  }

  /** `peekWord` with a list made once: readers that loop over every argument of every server use this. */
  peekWordIn(names: readonly string[]): string | undefined {
    const v = this.peek();
    return v?.kind === 'word' && (names.length === 0 || names.includes(v.name)) ? v.name : undefined;
  }

  /** Consumes the next argument when it is the word `name`. */
  takeWord(name: string): boolean {
    const v = this.peek();
    if (v?.kind !== 'word' || v.name !== name) return false;
    this.index++;
    return true;
  }

  rest(): EvalValue[] {
    const out = this.values.slice(this.index);
    this.index = this.values.length;
    return out;
  }

  private take(what: string): EvalValue | undefined {
    const v = this.next();
    if (!v) {
      this.failed = true;
      this.reporter.report('LB1008', this.span, `'${this.keyword}' needs ${what} here.`);
      return undefined;
    }
    if (v.kind === 'none') {
      this.failed = true;
      return undefined;
    }
    return v;
  }

  typeError(v: EvalValue, what: string, hint = ''): undefined {
    this.failed = true;
    this.reporter.report('LB1005', v.span, `'${this.keyword}' expects ${what} here, not ${describe(v)}${shown(v)}.${hint}`);
    return undefined;
  }

  rangeError(v: EvalValue, message: string): undefined {
    this.failed = true;
    this.reporter.report('LB1006', v.span, message);
    return undefined;
  }

  value(what: string): EvalValue | undefined {
    return this.take(what);
  }

  text(what: string): string | undefined {
    const v = this.take(what);
    if (!v) return undefined;
    const t = toText(v);
    return t === undefined ? this.typeError(v, what) : t;
  }

  /** A name: a word or a string made of letters, digits and `_ . : -`. */
  name(what: string): Ref | undefined {
    const v = this.take(what);
    if (!v) return undefined;
    const t = v.kind === 'word' || v.kind === 'string' || v.kind === 'number' ? toText(v) : undefined;
    if (t === undefined) return this.typeError(v, what);
    if (!NAME_PATTERN.test(t)) {
      this.failed = true;
      this.reporter.report('LB1019', v.span, `'${t}' is not a valid name: use letters, digits, '_', '.', ':' and '-'.`);
      return undefined;
    }
    return { name: t, span: v.span };
  }

  /** One of a fixed set of words (or a string equal to one). */
  choice<T extends string>(what: string, options: readonly T[]): T | undefined {
    const v = this.take(what);
    if (!v) return undefined;
    const t = v.kind === 'word' || v.kind === 'string' || v.kind === 'number' ? toText(v) : undefined;
    if (t !== undefined && (options as readonly string[]).includes(t)) return t as T;
    return this.badChoice(v, what, options, t);
  }

  badChoice(v: EvalValue, what: string, options: readonly string[], text?: string): undefined {
    this.failed = true;
    const suggestion = text === undefined ? undefined : closest(text, options);
    const hint = suggestion ? ` Did you mean '${suggestion}'?` : ` Use one of: ${options.join(', ')}.`;
    this.reporter.report(
      'LB1005', v.span, `'${this.keyword}' expects ${what} here, not ${text !== undefined ? `'${text}'` : describe(v)}.${hint}`,
      undefined, suggestion ? { suggestion } : undefined,
    );
    return undefined;
  }

  number(what: string, min: number, max: number, integer = true): number | undefined {
    const v = this.take(what);
    if (!v) return undefined;
    const n = toNumber(v);
    if (n === undefined || (integer && !Number.isInteger(n))) return this.typeError(v, what);
    if (n < min || n > max) return this.rangeError(v, `${what[0].toUpperCase()}${what.slice(1)} must be between ${min} and ${max}; ${n} is not.`);
    return n;
  }

  port(what = 'a port'): number | undefined {
    return this.number(what, 1, 65535);
  }

  duration(what = 'a duration'): number | undefined {
    const v = this.take(what);
    if (!v) return undefined;
    const ms = toDuration(v);
    if (ms === undefined) {
      const hint = v.kind === 'number' ? ` Add a unit, e.g. ${v.value}s or ${v.value}ms.` : '';
      return this.typeError(v, what, hint);
    }
    if (ms < 0 || ms > 2_147_483_647) return this.rangeError(v, 'A duration must be between 0 and about 24 days.');
    return ms;
  }

  ip(what = 'an IP address'): Ip | undefined {
    const v = this.take(what);
    if (!v) return undefined;
    return toIp(v) ?? this.typeError(v, what);
  }

  cidr(what = 'a CIDR such as 10.0.0.0/24', bareIp = false): Cidr | undefined {
    const v = this.take(what);
    if (!v) return undefined;
    return toCidr(v, bareIp) ?? this.typeError(v, what);
  }

  address(what = 'an address such as 10.0.0.1:80', dns = false): { address: Address; span: Span } | undefined {
    const v = this.take(what);
    if (!v) return undefined;
    const address = toAddress(v, dns);
    if (!address) {
      const hint = v.kind === 'ip' ? ` Add the port: ${v.ip.text}:PORT.` : '';
      return this.typeError(v, what, hint);
    }
    if (address.port < 1 || address.port > 65535) return this.rangeError(v, `Port ${address.port} is outside 1-65535.`);
    return { address, span: v.span };
  }

  /** A password: a secret, or a plain string (checks may warn about the latter). */
  secretOrText(what = 'a password'): SecretOr<string> | undefined {
    const v = this.take(what);
    if (!v) return undefined;
    if (v.kind === 'secret') return v.secret;
    const t = toText(v);
    return t === undefined ? this.typeError(v, what) : t;
  }

  /** Reports the first argument left over. Words close to a known option get "did you mean". */
  finish(options: readonly string[] = []): void {
    const v = this.peek();
    if (!v) return;
    this.failed = true;
    if (v.kind === 'word') {
      const suggestion = closest(v.name, options);
      if (options.length > 0) {
        this.reporter.report(
          'LB1002', v.span,
          `'${this.keyword}' has no option '${v.name}'.${suggestion ? ` Did you mean '${suggestion}'?` : ` Options: ${options.join(', ')}.`}`,
          undefined, suggestion ? { suggestion } : undefined,
        );
        return;
      }
    }
    this.reporter.report('LB1008', v.span, `Too many arguments for '${this.keyword}': remove ${describe(v)}${shown(v)}.`);
  }
}

function shown(v: EvalValue): string {
  const t = toText(v);
  return t !== undefined && t.length <= 40 ? ` '${t}'` : '';
}
