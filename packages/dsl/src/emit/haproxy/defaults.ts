/** The `defaults` sections, per the scheme in defaults-plan.ts. Settings whose meaning depends on the proxy's mode
 *  (log format, forwardfor, balance) and the health check (it decides each server's `check`) are not written here:
 *  the proxies write them, resolved along their defaults chain (see frontend.ts, backend.ts). */
import type { Defaults } from '../../model/model.ts';
import { name, value, type HaproxyContext, type Word } from './context.ts';
import type { DefaultsPlan } from './defaults-plan.ts';
import { redispatchWords } from './resilience.ts';
import { serverOptionWords } from './server-options.ts';
import { writeTimeouts } from './timeouts.ts';

export function writeDefaults(ctx: HaproxyContext, plan: DefaultsPlan): void {
  if (plan.baseName === undefined) return;
  ctx.blank();
  ctx.statement(plan.base[0]?.span ?? null, 0, ['defaults', plan.baseName]);
  let logging = false;
  for (const d of plan.base) logging = writeSettings(ctx, d, logging);
  for (const d of plan.named) {
    ctx.blank();
    if (!ctx.statement(d.span, 0, ['defaults', name(d.name!, 'defaults name'), 'from', plan.baseName])) continue;
    writeSettings(ctx, d, logging);
  }
}

/** `logging`: whether the section already inherits `log global`. Returns whether it does after this block. */
function writeSettings(ctx: HaproxyContext, d: Defaults, logging: boolean): boolean {
  if (d.mode !== undefined) ctx.statement(d.span, 1, ['mode', d.mode]);
  if (d.maxconn !== undefined) ctx.statement(d.span, 1, ['maxconn', String(d.maxconn)]);
  writeTimeouts(ctx, d.timeouts);
  // A second `log global` would add the global log targets twice.
  if (d.log === true && !logging) ctx.statement(d.span, 1, ['log', 'global']);
  else if (d.log === false && logging) ctx.statement(d.span, 1, ['no', 'log']);
  if (d.retries !== undefined) ctx.statement(d.span, 1, ['retries', String(d.retries)]);
  if (d.redispatch !== undefined) ctx.statement(d.span, 1, redispatchWords(d.redispatch));
  if (d.retryOn && d.retryOn.length > 0) {
    ctx.statement(d.span, 1, ['retry-on', ...d.retryOn.map((r): Word => value(r, 'retry-on condition'))]);
  }
  const serverWords = d.serverDefaults ? serverOptionWords(d.serverDefaults) : [];
  if (serverWords.length > 0) ctx.statement(d.span, 1, ['default-server', ...serverWords]);
  for (const raw of d.raw) ctx.raw(raw, 1);
  return d.log ?? logging;
}
