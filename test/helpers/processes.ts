/**
 * Real processes for traffic tests, always cleaned up: every child started here is killed by `stopAll()`,
 * which tests call in a finally block, and on process exit as a last resort.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { request } from 'node:http';

const children = new Set<ChildProcess>();

export function start(command: string, args: string[], options: { cwd?: string } = {}): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export async function stopAll(): Promise<void> {
  const waits = [...children].map(
    (c) =>
      new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.kill('SIGTERM');
        setTimeout(() => c.kill('SIGKILL'), 2000).unref();
      }),
  );
  await Promise.all(waits);
}

process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** Resolves when something accepts TCP connections on 127.0.0.1:port; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface HttpResult {
  status: number;
  body: string;
}

/** One HTTP GET to loopback on a fresh connection, with a hard timeout. */
export function httpGet(port: number, path = '/', headers: Record<string, string> = {}, timeoutMs = 3000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET 127.0.0.1:${port}${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** A tiny HTTP server process answering "server NAME" (like the seed's appserver.py), on 127.0.0.1:port. */
export function startDemoServer(name: string, port: number): ChildProcess {
  const code = `require('http').createServer((q, s) => { const b = 'server ${name}\\n'; s.writeHead(200, {'content-length': b.length}); s.end(b); }).listen(${port}, '127.0.0.1')`;
  return start(process.execPath, ['-e', code]);
}
