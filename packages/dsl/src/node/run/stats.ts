/** haproxy's runtime API over its stats socket: `show stat` parsed by column name, and `show info`'s worker pid. */
import { createConnection } from 'node:net';

export interface StatRow {
  proxy: string;
  /** `FRONTEND`, `BACKEND` or a server name. */
  name: string;
  /** UP, DOWN, OPEN, MAINT, `UP 1/2` (going down), `DOWN 1/2` (coming back), no check... */
  status: string;
  /** Current sessions. */
  current: number;
  /** HTTP requests (req_tot) in http mode, sessions (stot) in tcp mode. */
  requests: number;
  /** Connection and response errors (servers, backends); request errors (frontends). */
  errors: number;
  /** 5xx responses sent (frontends) or received (servers). */
  http5xx: number;
  retries: number;
  redispatches: number;
  /** Last check's result, e.g. L7OK, L4CON. */
  check: string;
  address: string;
}

const num = (v: string | undefined): number => (v === undefined || v === '' ? 0 : Number(v) || 0);

/** Parses `show stat` output: a `# pxname,svname,...` header line, then one CSV line per proxy or server. */
export function parseShowStat(text: string): StatRow[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines.find((l) => l.startsWith('# '));
  if (!header) return [];
  const columns = header.slice(2).split(',');
  const col = (name: string) => columns.indexOf(name);
  const rows: StatRow[] = [];
  for (const line of lines) {
    if (line.startsWith('#')) continue;
    const v = line.split(',');
    const get = (name: string) => (col(name) >= 0 ? v[col(name)] : undefined);
    const isFrontend = get('svname') === 'FRONTEND';
    const http = get('mode') === 'http';
    rows.push({
      proxy: get('pxname') ?? '',
      name: get('svname') ?? '',
      status: get('status') ?? '',
      current: num(get('scur')),
      requests: http ? num(get('req_tot')) : num(get('stot')),
      errors: isFrontend ? num(get('ereq')) : num(get('econ')) + num(get('eresp')),
      http5xx: num(get('hrsp_5xx')),
      retries: num(get('wretr')),
      redispatches: num(get('wredis')),
      check: (get('check_status') ?? '').replace(/^\* /, ''),
      address: get('addr') ?? '',
    });
  }
  return rows;
}

/** Sends one runtime API command and resolves with the whole answer; rejects after `timeoutMs`. */
export function socketCommand(path: string, command: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.end(`${command}\n`);
  });
}

export async function showStat(socketPath: string): Promise<StatRow[]> {
  return parseShowStat(await socketCommand(socketPath, 'show stat'));
}

/** The pid of the worker answering on the socket: it changes when a reload has taken over. */
export async function workerPid(socketPath: string): Promise<number | undefined> {
  const info = await socketCommand(socketPath, 'show info');
  const m = /^Pid:\s*(\d+)/m.exec(info);
  return m ? Number(m[1]) : undefined;
}
