#!/usr/bin/env node
// `lb` as installed by npm: runs the bundle that `npm run build` (also run by `npm ci` through "prepare") makes.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'lb.cjs');
if (!existsSync(bundle)) {
  process.stderr.write(`lb: the CLI is not built (${bundle} is missing); run \`npm run build\` in the repository root\n`);
  process.exit(2);
}
// From the V8 code cache the build makes, when it fits (bin/code-cache.cjs): a start then takes ~30 ms less.
require('./code-cache.cjs').runBundle(bundle);
