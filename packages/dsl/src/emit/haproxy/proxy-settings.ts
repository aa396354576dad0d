/** Lines every proxy kind writes the same way: the section header with its explicit `from`, logging, forwardfor. */
import type { Span } from '../../diagnostics/diagnostic.ts';
import type { Defaults, Mode } from '../../model/model.ts';
import { name, type HaproxyContext, type Word } from './context.ts';

type Inherited<T> = { value: T; from: Defaults };

export function proxyHeader(keyword: string, proxyName: string, from: string | undefined): Word[] {
  const words: Word[] = [keyword, name(proxyName, `${keyword} name`)];
  if (from !== undefined) words.push('from', from);
  return words;
}

/**
 * `log`: `log global` plus the log format of the proxy's mode. An inherited `log` already brought `log global`
 * from the defaults section, so only the format is added; the format lives here, not in the defaults, because
 * `option httplog` in a tcp proxy is a warning. Without a global log target there is nothing to format (HAProxy
 * warns), so the format is left out.
 */
export function writeLogging(
  ctx: HaproxyContext, own: boolean | undefined, inherited: Inherited<boolean> | undefined,
  mode: Mode, span: Span,
): void {
  const format = ['option', mode === 'http' ? 'httplog' : 'tcplog'];
  if (own === true) {
    if (inherited?.value !== true) ctx.statement(span, 1, ['log', 'global']);
    if (ctx.globalLogs) ctx.statement(span, 1, format);
  } else if (own === false) {
    if (inherited?.value === true) ctx.statement(span, 1, ['no', 'log']);
  } else if (inherited?.value === true && ctx.globalLogs) {
    ctx.statement(inherited.from.span, 1, format);
  }
}

/** `option forwardfor`: written as the proxy says; inherited from defaults only into http proxies (it is an
 *  HTTP-only option, and HAProxy warns about it in a tcp proxy, e.g. a derived apiserver frontend). */
export function writeForwardfor(
  ctx: HaproxyContext, own: boolean | undefined, inherited: Inherited<boolean> | undefined,
  mode: Mode, span: Span,
): void {
  if (own === true) ctx.statement(span, 1, ['option', 'forwardfor']);
  else if (own === undefined && inherited?.value === true && mode === 'http') ctx.statement(inherited.from.span, 1, ['option', 'forwardfor']);
}
