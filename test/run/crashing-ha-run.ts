/** Helper process for ha.test.ts: starts the HA pair on argv[2], prints its run id and directory, then waits to be SIGKILLed. */
import { HaSession } from '../../packages/dsl/src/node/run/ha-session.ts';

const io = { env: { PATH: process.env.PATH }, out: () => {}, err: (t: string) => void process.stderr.write(t), color: false, tty: false };
const started = await HaSession.start({ file: process.argv[2], view: false }, io);
if (!started.ok) process.exit(1);
process.stdout.write(`ready ${started.session.id} ${started.session.dir}\n`);
setInterval(() => {}, 1000);
