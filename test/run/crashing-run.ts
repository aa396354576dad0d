/** Helper process for run.test.ts: starts an lb run on argv[2], prints its directory, then waits to be SIGKILLed. */
import { RunSession } from '../../packages/dsl/src/node/run/session.ts';

const io = { env: { PATH: process.env.PATH }, out: () => {}, err: (t: string) => void process.stderr.write(t), color: false, tty: false };
const started = await RunSession.start({ file: process.argv[2], watch: false, view: false }, io);
if (!started.ok) process.exit(1);
process.stdout.write(`ready ${started.session.dir}\n`);
setInterval(() => {}, 1000);
