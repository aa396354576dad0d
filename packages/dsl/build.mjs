/**
 * Bundles the CLI with esbuild: dist/lb.cjs for Node (`npx lb`, bin/lb.cjs) and dist/lb.mjs for Deno
 * (`deno run --allow-read --allow-write --allow-env dist/lb.mjs ...`). chevrotain is bundled in, so neither
 * needs node_modules at run time. The package version is inlined as __LB_VERSION__.
 * Then dist/lb.cjs.cache: V8's code for the Node bundle, which bin/lb.cjs starts from (bin/code-cache.cjs).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const cjsBundle = join(here, 'dist/lb.cjs');

const common = {
  entryPoints: [join(here, 'src/cli/main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  // The grammar checks run in the tests (which run the sources); the bundles skip them (syntax/parser.ts).
  define: { __LB_VERSION__: JSON.stringify(version), __LB_SKIP_GRAMMAR_CHECKS__: 'true' },
  legalComments: 'none',
  logLevel: 'warning',
};

try {
  rmSync(`${cjsBundle}.cache`, { force: true });
  await Promise.all([
    build({ ...common, format: 'cjs', outfile: cjsBundle, banner: { js: '#!/usr/bin/env node' } }),
    build({ ...common, format: 'esm', outfile: join(here, 'dist/lb.mjs') }),
  ]);
} catch {
  // esbuild has already printed the errors with their locations.
  process.exit(1);
}
writeCodeCache();

/**
 * The cache holds the functions that ran while it was made, so it is made by compiling every example, as a user's
 * `lb compile` would. Plain `node` options: V8 rejects a cache made under other V8 flags.
 */
function writeCodeCache() {
  const examples = join(here, '../../examples');
  const files = readdirSync(examples).filter((f) => f.endsWith('.lb')).map((f) => join(examples, f));
  const out = mkdtempSync(join(tmpdir(), 'lb-code-cache-'));
  const { NODE_OPTIONS: _, ...env } = process.env;
  try {
    const r = spawnSync(process.execPath, [join(here, 'bin/code-cache.cjs'), 'write', cjsBundle, 'compile', ...files, '-o', out], { env, encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(`build: making dist/lb.cjs.cache failed (lb compile of the examples, exit ${r.status}):\n${r.stderr}`);
      process.exit(1);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
