/** A stats page as its own `listen` section in http mode. The only place a secret (the auth password) is revealed. */
import type { Stats } from '../../model/model.ts';
import { isSecret } from '../../model/values.ts';
import { value, type HaproxyContext, type Word } from './context.ts';
import { writeBind } from './bind.ts';
import { chainOf, fromName, inherit, type DefaultsPlan } from './defaults-plan.ts';
import { formatHaproxyDuration } from './format.ts';
import { proxyHeader, writeLogging } from './proxy-settings.ts';

/** A listen section without a client timeout is a HAProxy warning; the page gets one when its defaults have none. */
const STATS_CLIENT_TIMEOUT = '30s';

export function writeStats(ctx: HaproxyContext, plan: DefaultsPlan, stats: Stats): void {
  ctx.blank();
  if (!ctx.statement(stats.span, 0, proxyHeader('listen', stats.name, fromName(plan, undefined)))) return;
  const chain = chainOf(plan, undefined);
  writeBind(ctx, stats.bind);
  ctx.statement(stats.span, 1, ['mode', 'http']);
  if (!inherit(chain, (d) => d.timeouts.client)) ctx.statement(stats.span, 1, ['timeout', 'client', STATS_CLIENT_TIMEOUT]);
  writeLogging(ctx, undefined, inherit(chain, (d) => d.log), 'http', stats.span);
  ctx.statement(stats.span, 1, ['stats', 'enable']);
  ctx.statement(stats.span, 1, ['stats', 'uri', value(stats.uri, 'stats URI')]);
  if (stats.realm !== undefined) ctx.statement(stats.span, 1, ['stats', 'realm', value(stats.realm, 'stats realm')]);
  for (const auth of stats.auth) {
    if (auth.user.includes(':')) {
      ctx.error('LB5002', auth.span, `The stats user ${JSON.stringify(auth.user)} contains ':', which separates user and password in haproxy.cfg; choose a user name without ':'.`);
      continue;
    }
    if (!ctx.checkValue(auth.user, 'stats user', auth.span)) continue;
    const password = isSecret(auth.password) ? auth.password.reveal() : auth.password;
    const credentials: Word = { secret: `${auth.user}:${password}`, what: `password of stats user ${auth.user}` };
    // The password always makes the file sensitive, even when not declared with secret() (LB1015 reports that).
    if (ctx.statement(auth.span, 1, ['stats', 'auth', credentials])) ctx.writer.markSecret();
  }
  if (stats.refresh !== undefined) ctx.statement(stats.span, 1, ['stats', 'refresh', formatHaproxyDuration(stats.refresh)]);
  if (stats.admin) ctx.statement(stats.span, 1, ['stats', 'admin', 'if', 'TRUE']);
  if (stats.hideVersion) ctx.statement(stats.span, 1, ['stats', 'hide-version']);
}
