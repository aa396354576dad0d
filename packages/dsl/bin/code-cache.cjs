'use strict';
/**
 * Runs the CLI bundle (dist/lb.cjs) from a V8 code cache made at build time (dist/lb.cjs.cache), so that V8 neither
 * parses the ~800 KB bundle nor compiles, one by one, the functions a command calls (about 30 ms of a 170 ms start).
 * Only the build writes the cache (`node bin/code-cache.cjs write ...`, from build.mjs). At run time a missing or
 * stale cache, or one V8 rejects (another Node version, other V8 flags), just means compiling as `require` would.
 *
 * The cache file is the bundle's own bytes followed by V8's data, and is used only when those bytes are exactly the
 * bundle's: V8 itself only compares the source's length (and would run the old code of an edited bundle). Comparing
 * bytes costs 0.1 ms, where loading node:crypto to hash them cost 4 ms.
 */
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

const cacheFileOf = (bundle) => `${bundle}.cache`;

/** `require`'s module wrapper; a '#!' line is not valid inside it, '//' keeps the line numbers of stack traces. */
function compile(bundle, bytes, cachedData) {
  const source = bytes.toString('utf8').replace(/^#!/, '//');
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
}

function run(script, bundle) {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/** The cached code for exactly these bundle bytes, if the build left one. */
function cachedCodeFor(bundle, bytes) {
  let cache;
  try {
    cache = readFileSync(cacheFileOf(bundle));
  } catch {
    return undefined;
  }
  if (cache.length <= bytes.length || !bytes.equals(cache.subarray(0, bytes.length))) return undefined;
  return cache.subarray(bytes.length);
}

/** The bundle compiled, from the cache when it fits (`cachedDataRejected` is then false). */
function loadBundle(bundle) {
  const bytes = readFileSync(bundle);
  const cachedData = cachedCodeFor(bundle, bytes);
  return { script: compile(bundle, bytes, cachedData), fromCache: cachedData !== undefined };
}

/** What bin/lb.cjs does: runs the bundle as `require(bundle)` would, from the cache when it fits. */
function runBundle(bundle) {
  run(loadBundle(bundle).script, bundle);
}

/**
 * Build time only: runs the bundle with ARGS (a representative command, so that the functions it calls are compiled
 * and land in the cache too) and writes the cache when the process ends.
 */
function writeCache(bundle, args) {
  const bytes = readFileSync(bundle);
  const script = compile(bundle, bytes, undefined);
  process.argv = [process.argv[0], bundle, ...args];
  process.on('exit', (code) => {
    if (code !== 0) return;
    // Renamed into place, so a concurrent `lb` never reads half a cache.
    const partial = `${cacheFileOf(bundle)}.${process.pid}`;
    writeFileSync(partial, Buffer.concat([bytes, script.createCachedData()]));
    renameSync(partial, cacheFileOf(bundle));
  });
  run(script, bundle);
}

if (require.main === module) {
  const [command, bundle, ...args] = process.argv.slice(2);
  if (command !== 'write' || bundle === undefined) {
    process.stderr.write('usage: node bin/code-cache.cjs write BUNDLE ARGS...\n');
    process.exit(2);
  }
  writeCache(bundle, args);
}

module.exports = { loadBundle, runBundle };
