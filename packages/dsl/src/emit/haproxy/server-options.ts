/** The words of `server` and `default-server` options, shared by both lines. */
import type { ServerOptions } from '../../model/model.ts';
import { value, type Word } from './context.ts';
import { formatHaproxyDuration } from './format.ts';

/** What `sni` accepts inside `str(...)` and what `check-sni` accepts: a host name. */
const SNI_NAME = /^[A-Za-z0-9_.-]+$/;
export const SNI_RULE = "an SNI name may contain only letters, digits, '_', '.' and '-'";

export function sniWord(sni: string, format: (s: string) => string): Word {
  return { token: sni, what: 'SNI name', pattern: SNI_NAME, rule: SNI_RULE, format };
}

/** Options in a stable order; `check` is decided per server by the caller, not here. */
export function serverOptionWords(o: ServerOptions): Word[] {
  const words: Word[] = [];
  if (o.weight !== undefined) words.push('weight', String(o.weight));
  if (o.maxconn !== undefined) words.push('maxconn', String(o.maxconn));
  if (o.backup) words.push('backup');
  if (o.inter !== undefined) words.push('inter', formatHaproxyDuration(o.inter));
  if (o.fastinter !== undefined) words.push('fastinter', formatHaproxyDuration(o.fastinter));
  if (o.rise !== undefined) words.push('rise', String(o.rise));
  if (o.fall !== undefined) words.push('fall', String(o.fall));
  if (o.slowstart !== undefined) words.push('slowstart', formatHaproxyDuration(o.slowstart));
  if (o.ssl) {
    words.push('ssl', 'verify', o.ssl.verify);
    if (o.ssl.ca !== undefined) words.push('ca-file', value(o.ssl.ca, 'CA file path'));
    // `sni` takes a sample expression; a fixed name is the `str()` fetch.
    if (o.ssl.sni !== undefined) words.push('sni', sniWord(o.ssl.sni, (s) => `str(${s})`));
  }
  if (o.sendProxy) words.push('send-proxy');
  return words;
}
