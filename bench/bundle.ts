/**
 * The library as users run it: bench scripts bundle the modules they time with esbuild first, because tsx wraps
 * every function and distorts small costs.
 */
import { build } from 'esbuild';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

/** Bundles `source` (ES module text resolved from the repository root) into DIR/NAME.mjs and imports it. */
export async function importBundled<T>(dir: string, name: string, source: string): Promise<T> {
  const outfile = join(dir, `${name}.mjs`);
  await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return (await import(pathToFileURL(outfile).href)) as T;
}
