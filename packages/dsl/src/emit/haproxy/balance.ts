/** `balance ALGORITHM [ARGUMENT]` in HAProxy's per-algorithm argument syntax. */
import type { Balance, BalanceAlgorithm } from '../../model/model.ts';
import { header, value, type Word } from './context.ts';

/** Algorithms that need HTTP: in a tcp backend HAProxy falls back to roundrobin with a warning. */
export const LAYER7_ALGORITHMS: ReadonlySet<BalanceAlgorithm> = new Set(['uri', 'url_param', 'hdr']);

export function balanceWords(b: Balance): Word[] {
  const arg = b.argument;
  switch (b.algorithm) {
    case 'hdr':
      return arg === undefined ? ['balance', value('', 'header name of balance hdr')] : ['balance', header(arg, 'header name', (h) => `hdr(${h})`)];
    case 'rdp-cookie':
      return ['balance', arg === undefined ? 'rdp-cookie' : header(arg, 'cookie name', (c) => `rdp-cookie(${c})`)];
    case 'random':
      return ['balance', arg !== undefined && /^\d+$/.test(arg) ? `random(${arg})` : 'random'];
    case 'url_param':
      return ['balance', 'url_param', value(arg ?? '', 'URL parameter name')];
    case 'hash':
      return ['balance', 'hash', value(arg ?? '', 'hash expression')];
    case 'uri':
      // e.g. "whole" or "len 10 depth 2": each word is its own argument.
      return ['balance', 'uri', ...(arg ?? '').split(/ +/).filter((w) => w !== '').map((w) => value(w, 'balance uri option'))];
    default:
      return ['balance', b.algorithm];
  }
}
