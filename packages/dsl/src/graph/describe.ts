/**
 * Short plain-text descriptions of model elements for labels: addresses, route conditions in the language's own
 * words, health-check state. Never touches a secret (no password field is read here).
 */
import type { Address, Cidr, Ip } from '../model/values.ts';
import type { Bind, Condition, HealthCheck } from '../model/model.ts';

/** Control characters (and unpaired surrogates, which are not valid UTF-8) would break a label line or the output
 *  file; they are shown as U+FFFD so hostile input stays visible. */
export function visible(text: string): string {
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

export function ipText(ip: Ip | undefined): string {
  if (ip === undefined) return '?';
  return ip.family === 6 ? `[${ip.text}]` : ip.text;
}

export function cidrLabel(c: Cidr): string {
  return `${c.ip.text}/${c.prefix}`;
}

/** `*:80`, `10.0.0.1:8080`, `[fd00::1]:443`, `*:8000-8010`, `app.internal:80`. */
export function addressText(address: Address): string {
  const host = address.host;
  const hostText = host === '*' ? '*' : 'dns' in host ? visible(host.dns) : ipText(host);
  const ports = address.portEnd !== undefined && address.portEnd !== address.port ? `${address.port}-${address.portEnd}` : `${address.port}`;
  return `${hostText}:${ports}`;
}

export function bindText(bind: Bind): string {
  const extras = [bind.tls ? 'tls' : undefined, bind.transparent ? 'transparent' : undefined].filter((x) => x !== undefined);
  return [addressText(bind.address), ...extras].join(' ');
}

/** The route's conditions as written in `.lb`, defaults left out: `path /api and not source 10.0.0.0/8`. */
export function conditionsText(conditions: Condition[]): string {
  return conditions.map(conditionText).join(' and ');
}

function conditionText(c: Condition): string {
  const values = (list: string[]) => list.map(visible).join(' ');
  let text: string;
  switch (c.kind) {
    case 'path':
      text = `path ${c.match === 'prefix' ? '' : `${c.match} `}${values(c.values)}`;
      break;
    case 'host':
      text = `host ${c.match === 'exact' ? '' : `${c.match} `}${values(c.values)}`;
      break;
    case 'header':
      text = c.match === 'present' ? `header ${visible(c.name)} present` : `header ${visible(c.name)} ${c.match === 'exact' ? '' : `${c.match} `}${values(c.values)}`;
      break;
    case 'method':
      text = `method ${values(c.values)}`;
      break;
    case 'source':
      text = `source ${c.cidrs.map(cidrLabel).join(' ')}`;
      break;
    default:
      text = 'condition';
  }
  return `${c.negate ? 'not ' : ''}${text.trim()}`;
}

/** "checked: http GET /health", "checked: https GET /healthz", "tcp check", or "NOT CHECKED". */
export function healthText(health: Pick<HealthCheck, 'kind' | 'method' | 'path' | 'ssl'>, checked: boolean): string {
  if (!checked) return 'NOT CHECKED';
  if (health.kind === 'http') return `checked: ${health.ssl ? 'https' : 'http'} ${visible(health.method ?? 'GET')} ${visible(health.path ?? '/')}`;
  return health.ssl ? 'tcp+tls check' : 'tcp check';
}
