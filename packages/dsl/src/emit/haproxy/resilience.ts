/**
 * lb's defaults that hide a failing server from clients (docs/run.md, "Why a dead server costs no request"), written
 * into each backend unless the program says otherwise in the backend or along its defaults chain:
 * - `retries 3` and `option redispatch 1`: a failed attempt is retried, each time on another server;
 * - http only: `retry-on` the failures that show the server never answered (connection refused or reset, an empty
 *   response, 502/503/504), and `http-request disable-l7-retry` for methods that are not idempotent, so a
 *   POST is retried only when it never reached a server (a connection failure);
 * - health check timing `inter 2s fastinter 500ms rise 2 fall 2`: a dead server is out of the rotation within
 *   about 2.5 s, and retries cover the requests sent to it meanwhile.
 */
import type { Backend, Defaults, HealthCheck, Mode, ServerOptions } from '../../model/model.ts';
import { value, type HaproxyContext, type Word } from './context.ts';
import { inherit } from './defaults-plan.ts';
import { formatHaproxyDuration } from './format.ts';

export const LB_RETRIES = 3;
/** Retry conditions lb adds to http backends. Not 500 (the application's own answer: retrying repeats the error),
 *  response-timeout (a slow request would be sent up to four times) nor junk-response (HAProxy: usually a wrong
 *  port or a request that harms the server). */
export const LB_RETRY_ON = ['conn-failure', 'empty-response', '0rtt-rejected', '502', '503', '504'];
/** Methods RFC 9110 calls idempotent, as HAProxy's predefined ACLs (METH_GET also matches HEAD). */
const IDEMPOTENT_METHOD_ACLS = ['METH_GET', 'METH_OPTIONS', 'METH_PUT', 'METH_DELETE', 'METH_TRACE'];
export const LB_CHECK_TIMING = { inter: 2000, fastinter: 500, rise: 2, fall: 2 } as const;

/** `retries`, `option redispatch`, `retry-on` and the idempotence guard of one backend. */
export function writeRetries(ctx: HaproxyContext, be: Backend, chain: Defaults[], mode: Mode): void {
  const span = be.span;
  if (be.retries !== undefined) ctx.statement(span, 1, ['retries', String(be.retries)]);
  const inheritedRetries = inherit(chain, (d) => d.retries)?.value;
  if (be.retries === undefined && inheritedRetries === undefined) ctx.statement(span, 1, ['retries', String(LB_RETRIES)]);
  const retries = be.retries ?? inheritedRetries ?? LB_RETRIES;

  const inheritedRedispatch = inherit(chain, (d) => d.redispatch)?.value;
  if (be.redispatch !== undefined) ctx.statement(span, 1, redispatchWords(be.redispatch));
  else if (inheritedRedispatch === undefined && retries > 0) ctx.statement(span, 1, redispatchWords(true));

  if (be.retryOn && be.retryOn.length > 0) {
    ctx.statement(span, 1, ['retry-on', ...be.retryOn.map((r): Word => value(r, 'retry-on condition'))]);
  } else if (mode === 'http' && retries > 0 && inherit(chain, (d) => d.retryOn)?.value === undefined) {
    ctx.statement(span, 1, ['retry-on', ...LB_RETRY_ON]);
    ctx.statement(span, 1, ['http-request', 'disable-l7-retry', 'unless', IDEMPOTENT_METHOD_ACLS.join(' || ')]);
  }
}

/** `option redispatch 1`: redispatch on every retry, not only the last one (HAProxy's plain `option redispatch`). */
export function redispatchWords(on: boolean): Word[] {
  return on ? ['option', 'redispatch', '1'] : ['no', 'option', 'redispatch'];
}

/**
 * Check timing for the backend's `default-server` line, in a stable order. Per option, the first of: the backend's
 * own `server-defaults` (written by the caller, skipped here), the health check's setting, the defaults chain's
 * `server-defaults` (already in the defaults section, skipped here), lb's default.
 */
export function checkTimingWords(health: HealthCheck | Omit<HealthCheck, 'span'>, own: ServerOptions | undefined, chain: Defaults[]): Word[] {
  if (health.kind === 'none') return [];
  const fromHealth: Partial<Record<keyof typeof LB_CHECK_TIMING, number>> = { inter: health.interval, rise: health.rise, fall: health.fall };
  const words: Word[] = [];
  for (const key of ['inter', 'fastinter', 'rise', 'fall'] as const) {
    if (own?.[key] !== undefined) continue;
    const chosen = fromHealth[key] ?? (inherit(chain, (d) => d.serverDefaults?.[key]) ? undefined : LB_CHECK_TIMING[key]);
    if (chosen === undefined) continue;
    words.push(key, key === 'inter' || key === 'fastinter' ? formatHaproxyDuration(chosen) : String(chosen));
  }
  return words;
}
