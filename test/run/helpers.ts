/**
 * For the `lb run` tests: free loopback ports (other suites use the examples' fixed ports, possibly at the same time),
 * a bounded HTTP load generator, and checks that no process a run started is left.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portFree } from '../../packages/dsl/src/node/run/ports.ts';
import type { RunIo } from '../../packages/dsl/src/node/run/session.ts';

/** `count` consecutive free ports on 127.0.0.1, from a random base in 20000-39999. */
export async function freePorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 20000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const free = await Promise.all(ports.map((p) => portFree('127.0.0.1', p)));
    if (free.every((f) => f === true)) return ports;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

export function tempLb(name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lb-run-test-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

/** Collects what the run prints, and echoes events (reloads, kill reports) so the figures show in the test log. */
export function captureIo(): RunIo & { text: () => string } {
  let text = '';
  const keep = (t: string) => {
    text += t;
    for (const line of t.split('\n')) if (/killed|reloaded|rejected|failed/.test(line)) console.log(`    ${line.trim()}`);
  };
  return { env: { PATH: process.env.PATH }, out: keep, err: keep, color: false, tty: false, text: () => text };
}

export interface Response {
  status: number;
  body: string;
}

/** One GET on a fresh connection (no keep-alive), with a hard timeout; status 0 with the error as body on failure. */
export function get(port: number, path = '/', headers: Record<string, string> = {}, timeoutMs = 3000): Promise<Response> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (e) => resolve({ status: 0, body: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve({ status: 0, body: e.message }));
    req.end();
  });
}

export interface LoadResult {
  sent: number;
  failed: Response[];
  /** Answers by body (the demo server's `server NAME port PORT`). */
  byBody: Map<string, number>;
  ms: number;
}

/**
 * `concurrency` loops of GETs until at least `minRequests` were sent and `until` resolved, or `maxMs` passed.
 * `onProgress(sent, response)` runs after each answer (to trigger a kill or an edit part-way).
 */
export async function load(port: number, options: { minRequests: number; concurrency: number; maxMs: number; until?: Promise<unknown>; onProgress?: (sent: number, response: Response) => void }): Promise<LoadResult> {
  const result: LoadResult = { sent: 0, failed: [], byBody: new Map(), ms: 0 };
  const start = Date.now();
  let settled = options.until === undefined;
  void options.until?.finally(() => (settled = true));
  const more = () => Date.now() - start < options.maxMs && (result.sent < options.minRequests || !settled);
  const worker = async () => {
    while (more()) {
      result.sent++;
      const r = await get(port);
      if (r.status !== 200) result.failed.push(r);
      else result.byBody.set(r.body.trim(), (result.byBody.get(r.body.trim()) ?? 0) + 1);
      options.onProgress?.(result.sent, r);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.ms = Date.now() - start;
  return result;
}

/** Pids (of those given) that still run. A zombie (dead, not yet reaped by init) does not count. */
export function alive(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  });
}

/** Waits (at most `ms`) until none of `pids` runs; the ones still running. */
export async function gone(pids: number[], ms = 3000): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (alive(pids).length > 0 && Date.now() < deadline) await sleep(50);
  return alive(pids);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
