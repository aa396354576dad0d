/** Port checks before anything starts: is it free, who holds it, may this user bind it. */
import { spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';

/**
 * Tries to listen on host:port and closes at once. Node does not set SO_REUSEPORT, so this also fails when another
 * haproxy holds the port (haproxy itself would share it silently and split the traffic).
 */
export function portFree(host: string, port: number): Promise<true | string> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    server.listen({ host: host === '*' ? '0.0.0.0' : host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `users:(("haproxy",pid=123,fd=7))` from `ss -ltnpH`, as `haproxy (pid 123)`; undefined when ss is missing. */
export function portHolder(port: number): string | undefined {
  const r = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8', timeout: 3000 });
  if (r.status !== 0 || !r.stdout) return undefined;
  const holders = [...r.stdout.matchAll(/\("([^"]+)",pid=(\d+)/g)].map((m) => `${m[1]} (pid ${m[2]})`);
  return holders.length > 0 ? [...new Set(holders)].join(', ') : undefined;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The message for a port that cannot be used, or undefined when it can. */
export async function portProblem(what: string, host: string, port: number): Promise<string | undefined> {
  if (port < 1024 && !isRoot()) {
    return `${what} needs port ${port}, which only root may bind. Use a port of 1024 or more in the .lb file, or run lb as root.`;
  }
  const free = await portFree(host, port);
  if (free === true) return undefined;
  if (free === 'EADDRINUSE') {
    const holder = portHolder(port);
    return `${what} needs ${host}:${port}, which is already in use${holder ? ` by ${holder}` : ''}. Stop that process or change the port.`;
  }
  if (free === 'EADDRNOTAVAIL') return `${what} binds ${host}, which is not an address of this machine.`;
  if (free === 'EACCES') return `${what} may not bind port ${port} (permission denied).`;
  return `${what} cannot bind ${host}:${port}: ${free}.`;
}

/** Resolves when something accepts TCP connections on host:port; false after `timeoutMs`. */
export async function waitForPort(host: string, port: number, timeoutMs: number, stillAlive: () => boolean = () => true): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return true;
    if (Date.now() > deadline || !stillAlive()) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
