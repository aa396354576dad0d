/** A `frontend` section. Order inside: settings, ACLs, `http-request` rules, `use_backend`, `default_backend`
 *  (HAProxy warns when an http-request rule follows a use_backend, since it runs first anyway). */
import type { Frontend } from '../../model/model.ts';
import { writeAcls } from './acls.ts';
import { writeBind } from './bind.ts';
import { name, type HaproxyContext, type Word } from './context.ts';
import { chainOf, effectiveMode, fromName, inherit, type DefaultsPlan } from './defaults-plan.ts';
import { writeHttpActions, writeDenyAcls } from './http-actions.ts';
import { proxyHeader, writeForwardfor, writeLogging } from './proxy-settings.ts';
import { writeTimeouts } from './timeouts.ts';

export function writeFrontend(ctx: HaproxyContext, plan: DefaultsPlan, fe: Frontend): void {
  ctx.blank();
  if (!ctx.statement(fe.span, 0, proxyHeader('frontend', fe.name, fromName(plan, fe.from)))) return;
  if (fe.origin.kind === 'derived') ctx.comment(`derived from ${fe.origin.from}`, fe.origin.span, 1);
  const chain = chainOf(plan, fe.from);
  const mode = effectiveMode(fe.mode, chain);
  if (fe.mode !== undefined) ctx.statement(fe.span, 1, ['mode', fe.mode]);
  for (const bind of fe.binds) writeBind(ctx, bind);
  if (fe.maxconn !== undefined) ctx.statement(fe.span, 1, ['maxconn', String(fe.maxconn)]);
  writeTimeouts(ctx, fe.timeouts);
  writeLogging(ctx, fe.log, inherit(chain, (d) => d.log), mode, fe.span);
  writeForwardfor(ctx, fe.forwardfor, inherit(chain, (d) => d.forwardfor), mode, fe.span);

  const denyRefs = writeDenyAcls(ctx, fe.httpActions);
  const routeRefs = fe.routes.map((route, i) => writeAcls(ctx, `route${i + 1}`, route.conditions));
  writeHttpActions(ctx, fe.httpActions, denyRefs);
  fe.routes.forEach((route, i) => {
    const refs = routeRefs[i];
    if (refs === undefined) return; // an ACL was refused and reported
    const words: Word[] = ['use_backend', name(route.backend.name, 'backend name')];
    if (refs.length > 0) words.push('if', ...refs);
    ctx.statement(route.span, 1, words);
  });
  if (fe.defaultBackend) ctx.statement(fe.defaultBackend.span, 1, ['default_backend', name(fe.defaultBackend.name, 'backend name')]);
  for (const raw of fe.raw) ctx.raw(raw, 1);
}
