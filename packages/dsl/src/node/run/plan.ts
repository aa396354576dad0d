/**
 * What `lb run` does for one compiled program, read from the model: the servers to start (those that say `run` and
 * listen on loopback), the servers left alone, the URLs to print and the ports haproxy will bind. Pure.
 */
import { isLoopback as isLoopbackIp, type Address } from '../../model/values.ts';
import type { Model, ServerRun } from '../../model/model.ts';
import { proxiesOnHost } from '../../model/placement.ts';

export interface LocalServer {
  /** `backend/server`, unique; how the user names it (`--kill app/server01` or just `server01`). */
  key: string;
  backend: string;
  name: string;
  host: string;
  port: number;
  run: ServerRun;
}

export interface Listener {
  /** The proxy (frontend or stats page) that binds it. */
  proxy: string;
  /** Host part as written: '*', an IP. */
  host: string;
  port: number;
  url: string;
}

export interface RunPlan {
  servers: LocalServer[];
  /** Servers with `run` whose address is not loopback: never started, only mentioned. */
  notLocal: { key: string; address: string }[];
  frontends: Listener[];
  stats: (Listener & { users: string[] })[];
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost']);

export function isLoopback(address: Address): boolean {
  const host = address.host;
  if (host === '*') return false;
  if ('dns' in host) return LOOPBACK_NAMES.has(host.dns.toLowerCase());
  return isLoopbackIp(host);
}

export function addressText(address: Address): string {
  const host = address.host;
  const h = host === '*' ? '*' : 'dns' in host ? host.dns : host.family === 6 ? `[${host.text}]` : host.text;
  return `${h}:${address.port}`;
}

/** `host`: the load-balancer host whose proxies run here (undefined: a program without hosts). */
export function planRun(model: Model, host?: string): RunPlan {
  const { frontends, backends, stats } = proxiesOnHost(model, host);
  const plan: RunPlan = { servers: [], notLocal: [], frontends: [], stats: [] };
  for (const be of backends) {
    for (const s of be.servers) {
      if (!s.run) continue;
      const key = `${be.name}/${s.name}`;
      if (!isLoopback(s.address)) {
        plan.notLocal.push({ key, address: addressText(s.address) });
        continue;
      }
      const h = s.address.host as { text: string } | { dns: string };
      plan.servers.push({ key, backend: be.name, name: s.name, host: 'dns' in h ? '127.0.0.1' : h.text, port: s.address.port, run: s.run });
    }
  }
  for (const fe of frontends) {
    for (const bind of fe.binds) {
      const last = bind.address.portEnd ?? bind.address.port;
      for (let port = bind.address.port; port <= last && port - bind.address.port < 100; port++) {
        plan.frontends.push(listener(fe.name, bind.address, port, bind.tls ? 'https' : 'http', ''));
      }
    }
  }
  for (const page of stats) {
    plan.stats.push({ ...listener(page.name, page.bind.address, page.bind.address.port, page.bind.tls ? 'https' : 'http', page.uri), users: page.auth.map((a) => a.user) });
  }
  return plan;
}

function listener(proxy: string, address: Address, port: number, scheme: string, path: string): Listener {
  const host = address.host;
  const hostText = host === '*' ? '*' : 'dns' in host ? host.dns : host.text;
  // A wildcard bind answers on loopback too, which is where the user's browser and curl are.
  const urlHost = host === '*' ? '127.0.0.1' : 'dns' in host ? host.dns : host.family === 6 ? `[${host.text}]` : host.text;
  const uri = path === '' ? '/' : path.startsWith('/') ? path : `/${path}`;
  return { proxy, host: hostText, port, url: `${scheme}://${urlHost}:${port}${uri}` };
}

/** Finds a server by `backend/name` or by a name that is unique across backends. */
export function findServer(plan: RunPlan, wanted: string): LocalServer | string {
  const exact = plan.servers.find((s) => s.key === wanted);
  if (exact) return exact;
  const byName = plan.servers.filter((s) => s.name === wanted);
  if (byName.length === 1) return byName[0];
  const known = plan.servers.map((s) => s.key).join(', ') || 'none';
  if (byName.length > 1) return `'${wanted}' is in several backends; write BACKEND/SERVER: ${byName.map((s) => s.key).join(', ')}`;
  return `no server '${wanted}' is started by this run (servers with run: ${known})`;
}

/** The same server started the same way (address and `run`, wherever the `run` was written). */
export function sameLocalServer(a: LocalServer, b: LocalServer): boolean {
  return a.key === b.key && a.port === b.port && a.host === b.host && JSON.stringify({ ...a.run, span: 0 }) === JSON.stringify({ ...b.run, span: 0 });
}
