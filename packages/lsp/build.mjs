/**
 * Bundles the language server into one file, dist/server.cjs (Node, CommonJS): @lb/dsl, chevrotain and
 * vscode-languageserver are inlined, so the server starts fast and needs no node_modules (VS Code extension, Neovim).
 */
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

try {
  await build({
    entryPoints: [join(here, 'src/server.ts')],
    outfile: join(here, 'dist/server.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    // The grammar checks run in the tests (which run the sources); the bundle skips them (dsl's syntax/parser.ts).
    define: { __LB_SKIP_GRAMMAR_CHECKS__: 'true' },
    legalComments: 'none',
    logLevel: 'warning',
  });
} catch {
  // esbuild has already printed the errors with their locations.
  process.exit(1);
}
