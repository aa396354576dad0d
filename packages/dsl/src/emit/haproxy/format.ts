/** Addresses and durations as HAProxy 2.6 reads them. */
import type { Address, Duration } from '../../model/values.ts';
import { formatDuration } from '../../model/values.ts';

/** A hostname usable in `server` and `bind` addresses without quoting. */
const DNS_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

/** `*:80`, `10.0.0.1:8080`, `[fd00::1]:443`, `*:8000-8010`, `app.local:80`; undefined for a malformed DNS name. */
export function formatAddress(address: Address): string | undefined {
  const host = address.host;
  let hostText: string;
  if (host === '*') hostText = '*';
  else if ('dns' in host) {
    if (!DNS_NAME.test(host.dns)) return undefined;
    hostText = host.dns;
  } else hostText = host.family === 6 ? `[${host.text}]` : host.text;
  const ports = address.portEnd !== undefined && address.portEnd !== address.port ? `${address.port}-${address.portEnd}` : `${address.port}`;
  return `${hostText}:${ports}`;
}

/** Always with a unit (a bare number means milliseconds in most places but seconds in others). */
export function formatHaproxyDuration(ms: Duration): string {
  // formatDuration's smallest unit is ms; HAProxy also takes microseconds for sub-millisecond values.
  if (!Number.isInteger(ms)) return `${Math.round(ms * 1000)}us`;
  return formatDuration(ms);
}
