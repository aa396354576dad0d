/**
 * Builds the extension into dist/: src/extension.ts bundled by esbuild into dist/extension.cjs (vscode-languageclient
 * inlined, `vscode` external), plus the language server (../lsp/dist/server.cjs) and the CLI (../dsl/dist/lb.cjs,
 * for `lb run`) copied beside it, so the .vsix is self-contained and works offline. Run the lsp and dsl builds
 * first (the root `npm run build` does).
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const copies = [
  { from: join(here, '../lsp/dist/server.cjs'), to: join(dist, 'server.cjs'), build: 'node packages/lsp/build.mjs' },
  { from: join(here, '../dsl/dist/lb.cjs'), to: join(dist, 'lb.cjs'), build: 'node packages/dsl/build.mjs' },
];

try {
  await build({
    entryPoints: [join(here, 'src/extension.ts')],
    outfile: join(dist, 'extension.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    legalComments: 'none',
    minify: process.argv.includes('--minify'),
    sourcemap: false,
    logLevel: 'warning',
  });
} catch {
  // esbuild has already printed the errors with their locations.
  process.exit(1);
}

mkdirSync(dist, { recursive: true });
for (const { from, to, build: command } of copies) {
  if (!existsSync(from)) {
    console.error(`packages/vscode: ${from} is missing; run \`${command}\` first (or \`npm run build\` in the repository root).`);
    process.exit(1);
  }
  copyFileSync(from, to);
}
