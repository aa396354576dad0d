/**
 * Health checks. `tcp`: servers get `check`. `http`: `option httpchk` plus `http-check send/expect`. `ssl`: checks go
 * over TLS (`check-ssl`, without certificate verification unless the server has its own TLS settings), as for
 * kube-apiserver's /healthz. `none`: no check at all.
 */
import type { HealthCheck, Server } from '../../model/model.ts';
import { value, type HaproxyContext, type Word } from './context.ts';
import { sniWord } from './server-options.ts';

/** lb's default when nothing says otherwise: every server is checked by a TCP connect. */
export const DEFAULT_HEALTH: Omit<HealthCheck, 'span'> = { kind: 'tcp' };

export function writeHealthCheck(ctx: HaproxyContext, health: HealthCheck): void {
  if (health.kind !== 'http') return;
  ctx.statement(health.span, 1, ['option', 'httpchk']);
  const send: Word[] = ['http-check', 'send', 'meth', value(health.method ?? 'GET', 'health check method'), 'uri', value(health.path ?? '/', 'health check path')];
  if (health.host !== undefined) send.push('hdr', 'host', value(health.host, 'health check Host header'));
  ctx.statement(health.span, 1, send);
  if (health.expect !== undefined) ctx.statement(health.span, 1, ['http-check', 'expect', ...expectWords(health.expect)]);
}

/** 200 -> `status 200`; '2xx' -> `rstatus ^2[0-9][0-9]$`; any other text is taken as a status regex. */
function expectWords(expect: number | string): Word[] {
  if (typeof expect === 'number' || /^\d{3}$/.test(expect)) return ['status', String(expect)];
  if (/^[0-9xX]{3}$/.test(expect)) return ['rstatus', value(`^${expect.replace(/[xX]/g, '[0-9]')}$`, 'expected status')];
  return ['rstatus', value(expect, 'expected status pattern')];
}

/** The check words of one server line. `check`: the server's (or its defaults') `check`/`nocheck` setting. */
export function serverCheckWords(health: HealthCheck | Omit<HealthCheck, 'span'>, server: Server, check: boolean | undefined): Word[] {
  if (health.kind === 'none' || check === false) return [];
  const words: Word[] = ['check'];
  if (health.ssl) {
    words.push('check-ssl');
    // With its own `ssl` settings the server's `verify` also governs the check; otherwise checks skip verification.
    if (!server.ssl) words.push('verify', 'none');
    else if (server.ssl.sni !== undefined) words.push('check-sni', sniWord(server.ssl.sni, (s) => s));
  }
  return words;
}
