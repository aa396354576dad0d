/**
 * `lb run FILE [--host NAME] [--kill SERVER | --failover HOST] [--after D] [--no-watch] [--no-view]`: the program
 * running here, live (docs/run.md). A program with `vrrp`, run as root, becomes the HA pair in network namespaces;
 * otherwise one host's haproxy runs here. It runs until Ctrl-C or SIGTERM, then stops every process it started and
 * removes its temporary files (and namespaces). `argv` is what follows `run` on the command line.
 */
import { parseDuration } from '../model/values.ts';
import { HaSession, pairUnavailable, programHasVrrp } from '../node/run/ha-session.ts';
import { RunSession, type RunIo } from '../node/run/session.ts';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, useColor, type CliIo } from './io.ts';
import { unreadableReason } from './node-fs.ts';

export const RUN_HELP = `Usage: lb run FILE [--host NAME] [--kill SERVER | --failover HOST] [--after DURATION]
              [--no-watch] [--no-view]

Compiles FILE, checks the result with haproxy -c, starts the servers the file declares with
\`run demo\` or \`run "COMMAND"\` (loopback addresses only), waits until they listen, starts haproxy
in master-worker mode and shows a live view of every backend's servers from the stats socket.
A save of FILE or of a file it imports recompiles it and reloads haproxy without losing a request;
a file with errors keeps the running configuration. Ctrl-C stops everything (docs/run.md).

A file with a vrrp block, run as root, becomes the HA pair for real: one network namespace per
VRRP member (interface and address from the file) and a client, on a bridge in a namespace of its
own, each member running keepalived and haproxy; the live view shows which node holds the VIP.
A save reloads both nodes (haproxy SIGUSR2, keepalived SIGHUP); a change to the network itself
(members, interfaces, subnets) says to restart lb run.
Without root (or keepalived) lb says so and runs one host's haproxy here.

  --host NAME          run this load-balancer host's haproxy.cfg here (a program with hosts; default:
                       the first); also skips the HA pair
  --kill SERVER        stop SERVER (NAME or BACKEND/NAME) abruptly, and report how long haproxy took
                       to mark it DOWN and how many responses to clients failed
  --failover HOST      HA pair: take HOST's link down while a client sends requests to the VIP, and
                       report how long the VIP took to move and how many requests failed
  --after DURATION     when to stop the server (default 5s) or take the link down (default 1s after
                       the VIP is up)
  --no-watch           do not reload on save
  --no-view            no live view (events and reports only)
  -h, --help           show this help

Keys in the live view (on a terminal): 1-9 stop or start the Nth server (HA pair: take the Nth
node's link down or up), r reload, q quit.

Exit status: 0 stopped by Ctrl-C, SIGTERM or q; 1 the program has errors or something could not start
(haproxy missing, a port taken, a server that did not listen); 2 bad usage.
`;

interface RunArgs {
  file: string;
  host?: string;
  kill?: string;
  failover?: string;
  /** Undefined: the default of --kill (5 s) or --failover (1 s). */
  afterMs?: number;
  watch: boolean;
  view: boolean;
}

export function parseRunArgs(argv: readonly string[]): { ok: true; args: RunArgs } | { ok: true; help: true } | { ok: false; message: string } {
  const files: string[] = [];
  const args: Omit<RunArgs, 'file'> = { watch: true, view: true };
  let after: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string | undefined => argv[++i];
    if (arg === '-h' || arg === '--help') return { ok: true, help: true };
    else if (arg === '--no-watch') args.watch = false;
    else if (arg === '--no-view') args.view = false;
    else if (arg === '--host' || arg === '--kill' || arg === '--failover' || arg === '--after') {
      const v = value();
      if (v === undefined || v.startsWith('-')) return { ok: false, message: `'${arg}' needs a value` };
      if (arg === '--host') args.host = v;
      else if (arg === '--kill') args.kill = v;
      else if (arg === '--failover') args.failover = v;
      else after = v;
    } else if (arg.startsWith('-')) return { ok: false, message: `unknown option '${arg}' for 'run' (known: --host, --kill, --failover, --after, --no-watch, --no-view, --help)` };
    else files.push(arg);
  }
  if (files.length !== 1) return { ok: false, message: `'run' takes one .lb file, got ${files.length}` };
  if (args.kill !== undefined && args.failover !== undefined) return { ok: false, message: "'--kill' and '--failover' cannot be combined: one failure at a time" };
  if (args.failover !== undefined && args.host !== undefined) return { ok: false, message: "'--failover' needs the HA pair, which '--host' turns off" };
  if (after !== undefined) {
    if (args.kill === undefined && args.failover === undefined) return { ok: false, message: "'--after' goes with '--kill SERVER' or '--failover HOST'" };
    const ms = parseDuration(after);
    if (ms === undefined) return { ok: false, message: `'--after' expects a duration such as 5s or 500ms, not '${after}'` };
    args.afterMs = ms;
  }
  return { ok: true, args: { file: files[0], ...args } };
}

export async function runRun(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseRunArgs(argv);
  if (!parsed.ok) {
    io.stderr(`lb: ${parsed.message}\n\n${RUN_HELP}`);
    return EXIT_USAGE;
  }
  if ('help' in parsed) {
    io.stdout(RUN_HELP);
    return EXIT_OK;
  }
  const { args } = parsed;
  const unreadable = unreadableReason(args.file);
  if (unreadable !== undefined) {
    io.stderr(`lb: cannot read '${args.file}': ${unreadable}\n`);
    return EXIT_USAGE;
  }
  const runIo: RunIo = { env: io.env, out: io.stdout, err: io.stderr, color: useColor(io.stdoutIsTTY, io.env), tty: io.stdoutIsTTY };
  if (args.host === undefined && programHasVrrp(args.file, io.env)) {
    const unavailable = pairUnavailable(io.env);
    if (unavailable === undefined) return runPair(args, runIo, io);
    if (args.failover !== undefined) {
      io.stderr(`lb run: --failover needs the HA pair, but ${unavailable}.\n`);
      return EXIT_ERRORS;
    }
    io.stdout(`The file declares a vrrp pair, but ${unavailable}: running one host's haproxy here instead.\n`);
  } else if (args.failover !== undefined) {
    io.stderr(`lb run: --failover needs a file with a vrrp block${args.host !== undefined ? ' (and no --host)' : ''}.\n`);
    return EXIT_ERRORS;
  }
  const started = await RunSession.start({ file: args.file, host: args.host, watch: args.watch, view: args.view }, runIo);
  if (!started.ok) return started.exitCode === 0 ? EXIT_OK : EXIT_ERRORS;
  const session = started.session;

  return untilStopped(io, () => session.stop(), (quit) => (io.stdoutIsTTY ? listenToKeys(session, quit) : undefined), (isDone) => {
    if (args.kill === undefined) return;
    const kill = args.kill;
    setTimeout(() => {
      if (isDone()) return;
      // The report itself is printed by the session, as an event of the live view.
      void session.killServer(kill).then((r) => {
        if (typeof r === 'string') io.stderr(`lb run: --kill: ${r}\n`);
      });
    }, args.afterMs ?? 5000);
  });
}

/** The HA pair in network namespaces, until Ctrl-C or SIGTERM; `--failover HOST` after the VIP is up. */
async function runPair(args: RunArgs, runIo: RunIo, io: CliIo): Promise<number> {
  if (args.kill !== undefined) {
    io.stderr("lb run: --kill is for one host's run; with the HA pair use --failover HOST, or --host NAME to run one host here.\n");
    return EXIT_USAGE;
  }
  const started = await HaSession.start({ file: args.file, view: args.view, watch: args.watch }, runIo);
  if (!started.ok) return started.exitCode === 0 ? EXIT_OK : EXIT_ERRORS;
  const session = started.session;
  if (args.failover !== undefined && !session.nodes.some((n) => n.node.host === args.failover)) {
    io.stderr(`lb run: --failover: no load-balancer node '${args.failover}' (nodes: ${session.nodes.map((n) => n.node.host).join(', ')})\n`);
    await session.stop();
    return EXIT_USAGE;
  }
  return untilStopped(io, () => session.stop(), (quit) => (io.stdoutIsTTY ? listenToPairKeys(session, quit) : undefined), (isDone) => {
    if (args.failover === undefined) return;
    const host = args.failover;
    setTimeout(() => {
      if (isDone()) return;
      // The report is printed by the session, as an event of the live view.
      void session.failover(host).then((r) => {
        if (typeof r === 'string') io.stderr(`lb run: --failover: ${r}\n`);
      });
    }, args.afterMs ?? 1000);
  });
}

/** Resolves with the exit code once Ctrl-C, SIGTERM, SIGHUP or a quit key stopped the run (and everything it made). */
function untilStopped(io: CliIo, stop: () => Promise<void>, keys: (quit: () => void) => (() => void) | undefined, begin: (isDone: () => boolean) => void): Promise<number> {
  return new Promise<number>((resolve) => {
    let done = false;
    const finish = async (code: number) => {
      if (done) return;
      done = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      restoreKeys?.();
      io.stdout('\nStopping everything lb started...\n');
      await stop();
      io.stdout('Stopped; temporary files removed.\n');
      resolve(code);
    };
    const onSignal = () => void finish(EXIT_OK);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    const restoreKeys = keys(() => void finish(EXIT_OK));
    begin(() => done);
  });
}

/** HA pair keys: a digit takes the Nth node's link down (with the failover report) or brings it back; r reloads; q quits. */
function listenToPairKeys(session: HaSession, quit: () => void): (() => void) | undefined {
  return rawKeys((key) => {
    if (key === 'q' || key === '\u0003') return quit();
    if (key === 'r') return void session.reload();
    const n = Number(key);
    const node = Number.isInteger(n) && n >= 1 ? session.nodes[n - 1] : undefined;
    if (!node) return;
    if (node.linkUp) void session.failover(node.node.host);
    else void session.setLink(node.node.host, true);
  });
}

/** Raw keys from a terminal: digits toggle a server, r reloads, q or Ctrl-C quits. Returns the undo. */
function listenToKeys(session: RunSession, quit: () => void): (() => void) | undefined {
  const stopped = new Set<string>();
  return rawKeys((key) => {
    if (key === 'q' || key === '\u0003') return quit();
    if (key === 'r') return void session.reload();
    const n = Number(key);
    const server = Number.isInteger(n) && n >= 1 ? session.plan.servers[n - 1] : undefined;
    if (!server) return;
    if (stopped.has(server.key)) {
      stopped.delete(server.key);
      void session.restartServer(server.key);
    } else {
      stopped.add(server.key);
      void session.killServer(server.key);
    }
  });
}

/** Each key pressed on the terminal, raw; returns the undo. */
function rawKeys(onKey: (key: string) => void): (() => void) | undefined {
  const stdin = process.stdin;
  if (!stdin.isTTY) return undefined;
  stdin.setRawMode(true);
  stdin.resume();
  const onData = (data: Buffer) => onKey(data.toString('utf8'));
  stdin.on('data', onData);
  return () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
