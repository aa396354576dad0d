/**
 * `lb run FILE [--host NAME] [--kill SERVER [--after D]] [--no-watch] [--no-view]`: the program running here, live
 * (docs/run.md). It runs until Ctrl-C or SIGTERM, then stops every process it started and removes its temporary
 * files. `argv` is what follows `run` on the command line.
 */
import { parseDuration } from '../model/values.ts';
import { RunSession } from '../node/run/session.ts';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, useColor, type CliIo } from './io.ts';
import { unreadableReason } from './node-fs.ts';

export const RUN_HELP = `Usage: lb run FILE [--host NAME] [--kill SERVER [--after DURATION]] [--no-watch] [--no-view]

Compiles FILE, checks the result with haproxy -c, starts the servers the file declares with
\`run demo\` or \`run "COMMAND"\` (loopback addresses only), waits until they listen, starts haproxy
in master-worker mode and shows a live view of every backend's servers from the stats socket.
A save of FILE or of a file it imports recompiles it and reloads haproxy without losing a request;
a file with errors keeps the running configuration. Ctrl-C stops everything (docs/run.md).

  --host NAME          run this load-balancer host's haproxy.cfg (a program with hosts; default: the first)
  --kill SERVER        stop SERVER (NAME or BACKEND/NAME) abruptly, and report how long haproxy took
                       to mark it DOWN and how many responses to clients failed
  --after DURATION     when to stop it (default 5s)
  --no-watch           do not reload on save
  --no-view            no live view (events and reports only)
  -h, --help           show this help

Keys in the live view (on a terminal): 1-9 stop or start the Nth server, r reload, q quit.

Exit status: 0 stopped by Ctrl-C, SIGTERM or q; 1 the program has errors or something could not start
(haproxy missing, a port taken, a server that did not listen); 2 bad usage.
`;

interface RunArgs {
  file: string;
  host?: string;
  kill?: string;
  afterMs: number;
  watch: boolean;
  view: boolean;
}

export function parseRunArgs(argv: readonly string[]): { ok: true; args: RunArgs } | { ok: true; help: true } | { ok: false; message: string } {
  const files: string[] = [];
  const args: Omit<RunArgs, 'file'> = { afterMs: 5000, watch: true, view: true };
  let after: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string | undefined => argv[++i];
    if (arg === '-h' || arg === '--help') return { ok: true, help: true };
    else if (arg === '--no-watch') args.watch = false;
    else if (arg === '--no-view') args.view = false;
    else if (arg === '--host' || arg === '--kill' || arg === '--after') {
      const v = value();
      if (v === undefined || v.startsWith('-')) return { ok: false, message: `'${arg}' needs a value` };
      if (arg === '--host') args.host = v;
      else if (arg === '--kill') args.kill = v;
      else after = v;
    } else if (arg.startsWith('-')) return { ok: false, message: `unknown option '${arg}' for 'run' (known: --host, --kill, --after, --no-watch, --no-view, --help)` };
    else files.push(arg);
  }
  if (files.length !== 1) return { ok: false, message: `'run' takes one .lb file, got ${files.length}` };
  if (after !== undefined) {
    if (args.kill === undefined) return { ok: false, message: "'--after' goes with '--kill SERVER'" };
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
  const started = await RunSession.start(
    { file: args.file, host: args.host, watch: args.watch, view: args.view },
    { env: io.env, out: io.stdout, err: io.stderr, color: useColor(io.stdoutIsTTY, io.env), tty: io.stdoutIsTTY },
  );
  if (!started.ok) return started.exitCode === 0 ? EXIT_OK : EXIT_ERRORS;
  const session = started.session;

  return new Promise<number>((resolve) => {
    let done = false;
    const finish = async (code: number) => {
      if (done) return;
      done = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      restoreKeys?.();
      io.stdout('\nStopping haproxy and the servers...\n');
      await session.stop();
      io.stdout('Stopped; temporary files removed.\n');
      resolve(code);
    };
    const onSignal = () => void finish(EXIT_OK);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    const restoreKeys = io.stdoutIsTTY ? listenToKeys(session, () => void finish(EXIT_OK)) : undefined;

    if (args.kill !== undefined) {
      const kill = args.kill;
      setTimeout(() => {
        if (done) return;
        // The report itself is printed by the session, as an event of the live view.
        void session.killServer(kill).then((r) => {
          if (typeof r === 'string') io.stderr(`lb run: --kill: ${r}\n`);
        });
      }, args.afterMs);
    }
  });
}

/** Raw keys from a terminal: digits toggle a server, r reloads, q or Ctrl-C quits. Returns the undo. */
function listenToKeys(session: RunSession, quit: () => void): (() => void) | undefined {
  const stdin = process.stdin;
  if (!stdin.isTTY) return undefined;
  stdin.setRawMode(true);
  stdin.resume();
  const stopped = new Set<string>();
  const onData = (data: Buffer) => {
    const key = data.toString('utf8');
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
  };
  stdin.on('data', onData);
  return () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
