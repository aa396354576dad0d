/**
 * Starting the servers a program declares with `run`: lb's demo server (a tiny node HTTP server answering
 * `server NAME port PORT`, like the seed's appserver.py) or the user's command in a shell, with PORT, HOST and
 * SERVER_NAME in its environment. Each is its own process, so stopping one is a real crash as haproxy sees it.
 */
import type { ChildProcess } from 'node:child_process';
import type { Children } from './children.ts';
import type { LocalServer } from './plan.ts';
import { waitForPort } from './ports.ts';

/** The demo server: argv is NAME PORT HOST. Answers every path (health checks included) with 200. */
export const DEMO_SERVER_CODE = `
const [name, port, host] = process.argv.slice(1);
const server = require('http').createServer((req, res) => {
  const body = 'server ' + name + ' port ' + port + '\\n';
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 65000;
server.listen(Number(port), host);
process.on('SIGTERM', () => process.exit(0));
`;

export interface RunningServer {
  server: LocalServer;
  child: ChildProcess;
  /** The last lines it wrote, to explain an early exit. */
  output: () => string;
}

/** `launcher`: a command that execs the server elsewhere, e.g. `ip netns exec NS` (the HA pair run). */
export function startLocalServer(children: Children, server: LocalServer, env: Record<string, string | undefined>, launcher: readonly string[] = []): RunningServer {
  const childEnv = { ...env, PORT: String(server.port), HOST: server.host, SERVER_NAME: server.name };
  const [command, ...args] = server.run.kind === 'demo'
    ? [process.execPath, '-e', DEMO_SERVER_CODE, server.name, String(server.port), server.host]
    : ['/bin/sh', '-c', server.run.command];
  const child = launcher.length > 0
    ? children.spawn(launcher[0], [...launcher.slice(1), command, ...args], { env: childEnv })
    : children.spawn(command, args, { env: childEnv });
  let tail = '';
  const keep = (d: Buffer) => (tail = (tail + d.toString('utf8')).slice(-2000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { server, child, output: () => tail.trim() };
}

/** Waits for the server's port; a message when it exited or did not listen in time. */
export async function waitUntilListening(running: RunningServer, timeoutMs: number): Promise<string | undefined> {
  const { server, child } = running;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const ok = await waitForPort(server.host, server.port, timeoutMs, alive);
  if (ok) return undefined;
  const what = server.run.kind === 'demo' ? 'the demo server' : `'${server.run.command}'`;
  const output = running.output();
  const said = output === '' ? '' : `\n  it said:\n    ${output.split('\n').slice(-8).join('\n    ')}`;
  if (!alive()) return `server ${server.key}: ${what} exited (${child.exitCode ?? child.signalCode}) before listening on ${server.host}:${server.port}.${said}`;
  return `server ${server.key}: ${what} did not listen on ${server.host}:${server.port} within ${Math.round(timeoutMs / 1000)} s.${said}`;
}
