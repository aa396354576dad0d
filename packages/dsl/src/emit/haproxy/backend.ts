/** A `backend` section: balance and health resolved along the defaults chain, then the servers. */
import type { Backend, Defaults } from '../../model/model.ts';
import { name, type HaproxyContext } from './context.ts';
import { chainOf, effectiveMode, fromName, inherit, type DefaultsPlan } from './defaults-plan.ts';
import { formatAddress } from './format.ts';
import { LAYER7_ALGORITHMS, balanceWords } from './balance.ts';
import { DEFAULT_HEALTH, serverCheckWords, writeHealthCheck } from './health.ts';
import { checkTimingWords, writeRetries } from './resilience.ts';
import { writeDenyAcls, writeHttpActions } from './http-actions.ts';
import { proxyHeader, writeForwardfor } from './proxy-settings.ts';
import { serverOptionWords } from './server-options.ts';
import { writeTimeouts } from './timeouts.ts';

export function writeBackend(ctx: HaproxyContext, plan: DefaultsPlan, be: Backend): void {
  ctx.blank();
  if (!ctx.statement(be.span, 0, proxyHeader('backend', be.name, fromName(plan, be.from)))) return;
  if (be.origin.kind === 'derived') ctx.comment(`derived from ${be.origin.from}`, be.origin.span, 1);
  const chain = chainOf(plan, be.from);
  const mode = effectiveMode(be.mode, chain);
  if (be.mode !== undefined) ctx.statement(be.span, 1, ['mode', be.mode]);

  // An inherited layer-7 algorithm is skipped in a tcp backend: HAProxy would warn and use roundrobin anyway.
  const inheritedBalance = inherit(chain, (d) => d.balance);
  const balance = be.balance ?? (inheritedBalance && (mode === 'http' || !LAYER7_ALGORITHMS.has(inheritedBalance.value.algorithm)) ? inheritedBalance.value : undefined);
  if (balance) ctx.statement(balance.span, 1, balanceWords(balance));

  const health = be.health ?? inherit(chain, (d) => d.health)?.value;
  if (health) writeHealthCheck(ctx, health);

  writeTimeouts(ctx, be.timeouts);
  writeForwardfor(ctx, be.forwardfor, inherit(chain, (d) => d.forwardfor), mode, be.span);
  writeRetries(ctx, be, chain, mode);

  const denyRefs = writeDenyAcls(ctx, be.httpActions);
  writeHttpActions(ctx, be.httpActions, denyRefs);

  const timing = checkTimingWords(health ?? DEFAULT_HEALTH, be.serverDefaults, chain);
  const options = be.serverDefaults ? serverOptionWords(be.serverDefaults) : [];
  if (timing.length + options.length > 0) {
    ctx.statement(options.length === 0 && health ? health.span : be.span, 1, ['default-server', ...timing, ...options]);
  }

  for (const server of be.servers) {
    const address = formatAddress(server.address);
    if (address === undefined) {
      ctx.error('LB5002', server.addressSpan, `The address of server ${server.name} is not a valid host name; use an IP address or a DNS name.`);
      continue;
    }
    const check = server.check ?? be.serverDefaults?.check ?? inheritedCheck(chain);
    ctx.statement(server.span, 1, [
      'server', name(server.name, 'server name'), address,
      ...serverCheckWords(health ?? DEFAULT_HEALTH, server, check),
      ...serverOptionWords(server),
    ]);
  }
  for (const raw of be.raw) ctx.raw(raw, 1);
}

function inheritedCheck(chain: Defaults[]): boolean | undefined {
  return inherit(chain, (d) => d.serverDefaults?.check)?.value;
}
