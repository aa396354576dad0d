/** The `global` section: always written (HAProxy wants it first), possibly empty. */
import type { Global } from '../../model/model.ts';
import { value, type HaproxyContext } from './context.ts';

export function writeGlobal(ctx: HaproxyContext, g: Global): void {
  const span = g.span ?? null;
  ctx.statement(span, 0, ['global']);
  if (g.maxconn !== undefined) ctx.statement(span, 1, ['maxconn', String(g.maxconn)]);
  if (g.nbthread !== undefined) ctx.statement(span, 1, ['nbthread', String(g.nbthread)]);
  for (const log of g.logs) {
    const words = ['log', value(log.target, 'log target'), value(log.facility, 'log facility')];
    if (log.level !== undefined) words.push(value(log.level, 'log level'));
    ctx.statement(log.span, 1, words);
  }
  if (g.statsSocket !== undefined) {
    ctx.statement(span, 1, ['stats', 'socket', value(g.statsSocket, 'stats socket path'), 'mode', '600', 'level', 'admin']);
  }
  if (g.user !== undefined) ctx.statement(span, 1, ['user', value(g.user, 'global user')]);
  if (g.group !== undefined) ctx.statement(span, 1, ['group', value(g.group, 'global group')]);
  if (g.chroot !== undefined) ctx.statement(span, 1, ['chroot', value(g.chroot, 'chroot directory')]);
  if (g.daemon) ctx.statement(span, 1, ['daemon']);
  for (const raw of g.raw) ctx.raw(raw, 1);
}
