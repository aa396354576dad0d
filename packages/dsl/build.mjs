/**
 * Bundles the CLI with esbuild: dist/lb.cjs for Node (`npx lb`, bin/lb.cjs) and dist/lb.mjs for Deno
 * (`deno run --allow-read --allow-write --allow-env dist/lb.mjs ...`). chevrotain is bundled in, so neither
 * needs node_modules at run time. The package version is inlined as __LB_VERSION__.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

const common = {
  entryPoints: [join(here, 'src/cli/main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  define: { __LB_VERSION__: JSON.stringify(version) },
  legalComments: 'none',
  logLevel: 'warning',
};

try {
  await Promise.all([
    build({ ...common, format: 'cjs', outfile: join(here, 'dist/lb.cjs'), banner: { js: '#!/usr/bin/env node' } }),
    build({ ...common, format: 'esm', outfile: join(here, 'dist/lb.mjs') }),
  ]);
} catch {
  // esbuild has already printed the errors with their locations.
  process.exit(1);
}
