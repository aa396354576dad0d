/**
 * The `lb` executable: the only place that touches `process`. Bundled by build.mjs into dist/lb.cjs (Node) and
 * dist/lb.mjs (Deno); the version is inlined there.
 */
import process from 'node:process';
import { runCliAsync } from './run.ts';

declare const __LB_VERSION__: string | undefined;

const version = typeof __LB_VERSION__ === 'string' ? __LB_VERSION__ : '0.0.0-dev';

void runCliAsync(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  version,
}).then((code) => {
  process.exitCode = code;
});
