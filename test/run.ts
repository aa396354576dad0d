/**
 * Runs every `test/**\/*.test.ts` with uvu in one process and ends with a plain "N passed, N failed" line.
 * `node --import tsx test/run.ts [substring]` runs only files whose path contains the substring.
 * `UPDATE=1` rewrites golden files instead of comparing (see test/helpers/golden.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname);
const filter = process.argv[2] ?? '';

function collect(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'fixtures' || name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith('.test.ts') && path.includes(filter)) out.push(path);
  }
  return out;
}

const files = collect(root);
(globalThis as Record<string, unknown>).UVU_DEFER = 1;
const uvu = await import('uvu');
const queue = (globalThis as unknown as { UVU_QUEUE: unknown[][] }).UVU_QUEUE;

let captured = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  captured = (captured + String(chunk)).slice(-2000);
  return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

let index = 0;
for (const file of files) {
  (globalThis as Record<string, unknown>).UVU_INDEX = index++;
  queue.push([relative(root, file)]);
  await import(pathToFileURL(file).href);
}
await uvu.exec(false);

// uvu prints "Total: N" and "Passed: N" (ANSI-coloured); turn them into the plain closing line CI reads.
const plain = captured.replace(/\u001b\[[0-9;]*m/g, '');
const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
process.stdout.write = write;
console.log(`${passed} passed, ${total - passed} failed`);
if (total === 0) process.exitCode = 1;
