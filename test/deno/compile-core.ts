/**
 * Runs the pure core from source and prints compile()'s result as JSON, so the Deno parity test can compare
 * Deno and Node on identical input:
 *   deno run --allow-read test/deno/compile-core.ts FILE
 *   node --import tsx test/deno/compile-core.ts FILE
 * The environment is fixed (empty): env() defaults apply on both sides and no --allow-env is needed.
 */
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { compile, type FileSystem } from '../../packages/dsl/src/index.ts';

const entry = process.argv[2];
const fs: FileSystem = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

const result = compile(entry, { fs, env: {} });
const printable = {
  ok: result.ok,
  outputs: result.outputs.map((o) => ({ path: o.path, target: o.target, host: o.host ?? null, secret: o.secret, text: o.text, map: o.map })),
  diagnostics: result.diagnostics,
  files: [...result.files.keys()],
};
process.stdout.write(`${JSON.stringify(printable, null, 1)}\n`);
