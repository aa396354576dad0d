/**
 * Address arithmetic the checks share: which listening sockets collide, which addresses a host owns, and how to
 * print an address the way the user wrote it.
 */
import { isLoopback, sameIp, type Address, type Ip } from '../model/values.ts';

/** A bind's listening address: a wildcard of one family, or one IP. `*`, 0.0.0.0 and :: are wildcards. */
export type ListenIp = { wildcard: 4 | 6 } | { ip: Ip };

export function listenIp(a: Address): ListenIp | undefined {
  if (a.host === '*') return { wildcard: 4 };
  if ('dns' in a.host) return undefined;
  if (a.host.family === 4 && a.host.text === '0.0.0.0') return { wildcard: 4 };
  if (a.host.family === 6 && a.host.text === '::') return { wildcard: 6 };
  return { ip: a.host };
}

export function isWildcard(a: Address): boolean {
  const l = listenIp(a);
  return l !== undefined && 'wildcard' in l;
}

/** The IP of a server or bind address, when it is one (not `*`, not a DNS name). */
export function addressIp(a: Address): Ip | undefined {
  return a.host === '*' || 'dns' in a.host ? undefined : a.host;
}

export function portRange(a: Address): [number, number] {
  return [a.port, lastPort(a)];
}

/** The last port of an address (its only one unless it is a range). */
function lastPort(a: Address): number {
  return a.portEnd ?? a.port;
}

export function portsOverlap(a: Address, b: Address): boolean {
  return a.port <= lastPort(b) && b.port <= lastPort(a);
}

export function coversPort(a: Address, port: number): boolean {
  return a.port <= port && port <= lastPort(a);
}

/**
 * How two binds on one host collide: `same` when they listen on the same address (or both on the same wildcard),
 * `wildcard` when one is a wildcard that includes the other's specific address, undefined when they do not meet.
 */
export function bindCollision(a: Address, b: Address): 'same' | 'wildcard' | undefined {
  if (!portsOverlap(a, b)) return undefined;
  const la = listenIp(a);
  const lb = listenIp(b);
  if (!la || !lb) return undefined;
  if ('wildcard' in la && 'wildcard' in lb) return la.wildcard === lb.wildcard ? 'same' : undefined;
  if ('ip' in la && 'ip' in lb) return sameIp(la.ip, lb.ip) ? 'same' : undefined;
  const wildcard = ('wildcard' in la ? la : lb) as { wildcard: 4 | 6 };
  const specific = ('ip' in la ? la : lb) as { ip: Ip };
  return specific.ip.family === wildcard.wildcard ? 'wildcard' : undefined;
}

/**
 * True when a connection to `target` would arrive at a socket bound to `bind` on this host: same port and either the
 * same IP, or a wildcard bind and a target that is local to the host (loopback, one of its addresses, or a VIP it
 * may hold). Without a declared host only loopback is known to be local.
 */
export function reachesBind(target: Address, bind: Address, localIps: Ip[]): boolean {
  const ip = addressIp(target);
  if (!ip || !coversPort(bind, target.port)) return false;
  const l = listenIp(bind);
  if (!l) return false;
  if ('ip' in l) return sameIp(l.ip, ip);
  if (ip.family !== l.wildcard) return false;
  return isLoopback(ip) || localIps.some((x) => sameIp(x, ip));
}

export function formatAddress(a: Address): string {
  const host = a.host === '*' ? '*' : 'dns' in a.host ? a.host.dns : a.host.family === 6 ? `[${a.host.text}]` : a.host.text;
  return `${host}:${a.port}${a.portEnd !== undefined && a.portEnd !== a.port ? `..${a.portEnd}` : ''}`;
}
