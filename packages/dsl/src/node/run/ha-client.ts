/**
 * The client of a failover: a small node program run inside the client namespace (the VIP is only reachable
 * there). `concurrency` loops of GET requests to the VIP, each on a fresh connection with a short timeout, until
 * SIGTERM or `maxMs`; then one JSON line with the counts. Failures are split into "no answer" (timeout, refused,
 * reset: what the VIP move costs) and 5xx answers (haproxy answered, but no backend server could).
 */
import type { ChildProcess } from 'node:child_process';

export const CLIENT_CODE = `
const [host, port, timeoutMs, concurrency, maxMs] = process.argv.slice(1).map((v, i) => (i === 0 ? v : Number(v)));
const http = require('http');
const r = { sent: 0, ok: 0, noAnswer: 0, http5xx: 0, other: 0, errors: {}, firstFailAt: 0, lastFailAt: 0 };
const start = Date.now();
let stopping = false;
const fail = (kind) => {
  const now = Date.now();
  if (!r.firstFailAt) r.firstFailAt = now;
  r.lastFailAt = now;
  r.errors[kind] = (r.errors[kind] || 0) + 1;
};
const one = () => new Promise((resolve) => {
  let done = false;
  // Counted when it ends: a request still in flight at SIGTERM is neither a success nor a failure.
  const end = (fn) => { if (!done) { done = true; r.sent++; fn(); resolve(); } };
  const req = http.get({ host, port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
    res.resume();
    res.on('end', () => end(() => {
      if (res.statusCode >= 200 && res.statusCode < 400) r.ok++;
      else if (res.statusCode >= 500) { r.http5xx++; fail(String(res.statusCode)); }
      else { r.other++; fail(String(res.statusCode)); }
    }));
    res.on('error', (e) => end(() => { r.noAnswer++; fail(e.code || 'error'); }));
  });
  req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
  req.on('error', (e) => end(() => { r.noAnswer++; fail(e.code || 'error'); }));
});
const finish = () => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(JSON.stringify({ ...r, ms: Date.now() - start }) + '\\n', () => process.exit(0));
};
process.on('SIGTERM', finish);
const loop = async () => { while (!stopping && Date.now() - start < maxMs) await one(); };
process.stdout.write('started\\n');
Promise.all(Array.from({ length: concurrency }, loop)).then(finish);
`;

export interface ClientSummary {
  sent: number;
  ok: number;
  /** Timeouts, refused and reset connections. */
  noAnswer: number;
  http5xx: number;
  other: number;
  errors: Record<string, number>;
  /** Epoch ms of the first and last failure (0 when none). */
  firstFailAt: number;
  lastFailAt: number;
  ms: number;
}

/** Resolves once the client printed `started` (false when it exited first or did not within `timeoutMs`). */
export function clientStarted(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onData = (d: Buffer) => {
      text += d.toString('utf8');
      if (text.includes('started')) finish(true);
    };
    const onExit = () => finish(false);
    function finish(v: boolean) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      resolve(v);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Collects the client's stdout from now on; `summary()` parses its last JSON line. */
export function collectSummary(child: ChildProcess): () => ClientSummary | undefined {
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString('utf8')));
  return () => {
    const line = text.split('\n').reverse().find((l) => l.startsWith('{'));
    if (!line) return undefined;
    try {
      return JSON.parse(line) as ClientSummary;
    } catch {
      return undefined;
    }
  };
}
