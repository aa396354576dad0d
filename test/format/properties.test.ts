/**
 * Properties of `format` over every .lb file of the repository (examples/ and test/, fixtures included):
 *  - idempotent: format(format(x)) == format(x);
 *  - meaning-preserving: the formatted file (and the files it imports, formatted too) compiles to byte-identical
 *    outputs with the same diagnostic codes;
 *  - a file with syntax errors is returned unchanged, with its errors;
 *  - the examples are already formatted.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { compile, memoryFileSystem, parse } from '../../packages/dsl/src/index.ts';
import { format } from '../../packages/dsl/src/format/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ENV = { STATS_PASSWORD: 'statspw1', VRRP_PASS: 'vrrppw12', SSH_PASS: 'sshpw', STAGE: 'dev' };

function lbFilesUnder(dir: string, extra?: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.') || name.startsWith('_actual')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...lbFilesUnder(path, extra));
    else if (name.endsWith('.lb') || extra?.(name)) out.push(path);
  }
  return out;
}

const ALL = [...lbFilesUnder(join(ROOT, 'examples')), ...lbFilesUnder(join(ROOT, 'test'))];
const rel = (path: string) => relative(ROOT, path);

/** The .lb files (and lb.json) of a file's folder, keyed by path relative to it; `transform` maps each .lb text. */
function folderFiles(entry: string, transform: (text: string, path: string) => string): Record<string, string> {
  const dir = dirname(entry);
  const files: Record<string, string> = {};
  for (const path of lbFilesUnder(dir, (name) => name === 'lb.json')) {
    const text = readFileSync(path, 'utf8');
    files[relative(dir, path)] = path.endsWith('.lb') ? transform(text, path) : text;
  }
  return files;
}

function compileFolder(entry: string, transform: (text: string, path: string) => string) {
  const envPath = join(dirname(entry), 'env.json');
  const env = { ...ENV, ...(existsSync(envPath) ? (JSON.parse(readFileSync(envPath, 'utf8')) as Record<string, string>) : {}) };
  const result = compile(basename(entry), { fs: memoryFileSystem(folderFiles(entry, transform)), env });
  return {
    ok: result.ok,
    outputs: result.outputs.map((o) => ({ path: o.path, secret: o.secret, text: o.text })),
    codes: result.diagnostics.map((d) => `${d.severity} ${d.code}`).sort(),
  };
}

const hasSyntaxErrors = (text: string, file: string) => parse(text, file).diagnostics.some((d) => d.severity === 'error');

test('the corpus is the whole repository', () => {
  assert.ok(ALL.length > 100, `found only ${ALL.length} .lb files`);
  assert.ok(ALL.some((f) => rel(f).startsWith('examples/')));
});

test('idempotent over every .lb file', () => {
  const failures: string[] = [];
  for (const path of ALL) {
    const once = format(readFileSync(path, 'utf8'), rel(path));
    const twice = format(once.text, rel(path));
    if (twice.text !== once.text || twice.changed) failures.push(rel(path));
  }
  assert.equal(failures, []);
});

test('the formatter never gives up on a file that parses (its safety net stays unused)', () => {
  const failures: string[] = [];
  for (const path of ALL) {
    const text = readFileSync(path, 'utf8');
    if (hasSyntaxErrors(text, rel(path))) continue;
    const result = format(text, rel(path));
    if (result.diagnostics.length > 0) failures.push(`${rel(path)}: ${result.diagnostics[0].message}`);
  }
  assert.equal(failures, []);
});

test('files with syntax errors are returned unchanged, with their errors', () => {
  let seen = 0;
  for (const path of ALL) {
    const text = readFileSync(path, 'utf8');
    if (!hasSyntaxErrors(text, rel(path))) continue;
    seen++;
    const result = format(text, rel(path));
    assert.is(result.text, text, rel(path));
    assert.is(result.changed, false, rel(path));
    assert.ok(result.diagnostics.length > 0 && result.diagnostics.every((d) => d.severity === 'error' && /^LB000/.test(d.code)), rel(path));
  }
  assert.ok(seen >= 5, `expected several syntax-error fixtures, saw ${seen}`);
});

test('formatting never changes what a file compiles to', () => {
  const failures: string[] = [];
  let compiled = 0;
  for (const path of ALL) {
    const text = readFileSync(path, 'utf8');
    if (hasSyntaxErrors(text, rel(path))) continue;
    const before = compileFolder(path, (t) => t);
    const after = compileFolder(path, (t, p) => format(t, rel(p)).text);
    if (before.ok) compiled++;
    try {
      assert.equal(after, before);
    } catch {
      failures.push(rel(path));
    }
  }
  assert.equal(failures, []);
  assert.ok(compiled >= 20, `only ${compiled} files compiled: the property was barely exercised`);
});

test('the examples are already formatted', () => {
  for (const path of lbFilesUnder(join(ROOT, 'examples'))) {
    const text = readFileSync(path, 'utf8');
    const result = format(text, rel(path));
    assert.equal(result.diagnostics, [], rel(path));
    assert.is(result.changed, false, `${rel(path)} is not formatted: run lb fmt --write on it`);
  }
});

test.run();
