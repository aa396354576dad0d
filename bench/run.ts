/**
 * `npm run bench`: every figure of issue 6 measured side by side with its anchor in ONE run (ratios, not absolute
 * times: these machines are noisy), printed as a table and written to bench/results.json. bench/README.md explains
 * each figure. Environment knobs: BENCH_ONLY=compile,startup,dataplane,lsp (a subset), BENCH_STARTUP_RUNS (default 20),
 * BENCH_WRK_SECONDS (default 5), BENCH_WRK_ROUNDS (default 3), BENCH_LSP_EDITS (default 200), BENCH_LSP_COMPLETIONS
 * (default 200), BENCH_LSP_NODE_ARGS (node options for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { SERVER_NODE_OPTIONS } from '../packages/lsp/src/node-options.ts';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { compile, memoryFileSystem } from '../packages/dsl/src/index.ts';
import { startDemoServer, stopAll, waitForPort } from '../test/helpers/processes.ts';
import { editorDocument, programOfBackends, programOfLines } from './generate.ts';
import { measureLsp } from './lsp-latency.ts';

const ROOT = resolve(import.meta.dirname, '..');
const LB_CJS = join(ROOT, 'packages/dsl/dist/lb.cjs');
/** The installed `lb` (npx lb): runs dist/lb.cjs from the V8 code cache the build makes (bin/code-cache.cjs). */
const LB_BIN = join(ROOT, 'packages/dsl/bin/lb.cjs');
const LB_MJS = join(ROOT, 'packages/dsl/dist/lb.mjs');
const LSP_SERVER = join(ROOT, 'packages/lsp/dist/server.cjs');
const DENO = join(ROOT, 'node_modules/.bin/deno');
const CASE1 = join(ROOT, 'examples/case1-roundrobin.lb');
const SEED_CFG = join(ROOT, 'bench/seed-case1-haproxy.cfg');
const only = new Set((process.env.BENCH_ONLY ?? 'compile,startup,dataplane,lsp').split(','));
const work = mkdtempSync(join(tmpdir(), 'lb-bench-'));

interface Row {
  figure: string;
  value: string;
  anchor: string;
  ratio: string;
  target: string;
  verdict: 'met' | 'missed' | 'info' | 'not measured';
}
const rows: Row[] = [];
const results: Record<string, unknown> = {};

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { ms: number; status: number | null; stdout: string; stderr: string } {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ms: performance.now() - started, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function version(command: string, args: string[]): string {
  // wrk prints its version with exit status 1, so only a failure to start means "not installed".
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return r.error ? 'not installed' : `${r.stdout}${r.stderr}`.trim().split('\n')[0].trim();
}

const fmtMs = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const fmtRatio = (x: number): string => `${x.toFixed(2)}×`;
const percentile = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** Wall time and peak RSS of a command via GNU time -v when present. */
function timed(command: string, args: string[]): { ms: number; maxRssMb?: number; status: number | null; stderr: string } {
  if (existsSync('/usr/bin/time')) {
    const r = run('/usr/bin/time', ['-v', command, ...args]);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    return { ms: r.ms, maxRssMb: rss ? Number(rss[1]) / 1024 : undefined, status: r.status, stderr: r.stderr };
  }
  const r = run(command, args);
  return { ms: r.ms, status: r.status, stderr: r.stderr };
}

function machine(): Record<string, unknown> {
  return {
    date: new Date().toISOString(),
    nproc: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: +(totalmem() / 2 ** 30).toFixed(1),
    freeMemoryGb: +(freemem() / 2 ** 30).toFixed(1),
    loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)),
    node: process.version,
    deno: version(DENO, ['--version']),
    haproxy: version('haproxy', ['-v']),
    keepalived: version('keepalived', ['--version']),
    wrk: version('wrk', ['--version']),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Compile scale

interface CaseResult {
  bytes: number;
  lines: number;
  runs: number;
  parseMs: number;
  checkMs: number;
  emitMs: number;
  compileMs: number;
  errors: number;
  warnings: number;
  outputs: string[];
  outputBytes: number;
  baselineRssMb: number;
  peakRssMb: number;
}

function compileCase(name: string, text: string, runs: number): CaseResult {
  const file = join(work, `${name}.lb`);
  writeFileSync(file, text);
  const r = run(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/compile-case.ts'), file, String(runs)]);
  if (r.status !== 0) throw new Error(`compile case ${name} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as CaseResult;
}

function compileScale(): void {
  const cases: [string, string, number][] = [
    ['1k-lines', programOfLines(1_000), 7],
    ['10k-lines', programOfLines(10_000), 5],
    ['100k-lines', programOfLines(100_000), 3],
    ['5000x10', programOfBackends(5_000, 10), 3],
  ];
  const out: Record<string, CaseResult> = {};
  for (const [name, text, runs] of cases) {
    const c = compileCase(name, text, runs);
    out[name] = c;
    const mbps = (ms: number): string => `${(c.bytes / 1e6 / (ms / 1000)).toFixed(2)} MB/s`;
    rows.push({
      figure: `compile ${name} (${c.lines} lines, ${(c.bytes / 1e6).toFixed(2)} MB)`,
      value: `parse ${fmtMs(c.parseMs)} (${mbps(c.parseMs)}), check ${fmtMs(c.checkMs)}, emit ${fmtMs(c.emitMs)}; compile ${fmtMs(c.compileMs)} (${mbps(c.compileMs)}); peak RSS ${c.peakRssMb.toFixed(0)} MB (${c.baselineRssMb.toFixed(0)} MB loaded)`,
      anchor: 'chevrotain CST 10-70 MB/s, Langium 2-6 MB/s (style.md 2a-2b)',
      ratio: '',
      target: '',
      verdict: c.errors === 0 ? 'info' : 'missed',
    });
  }
  results.compileScale = out;

  // The same 5,000 × 10 program through the bundled CLI, against haproxy -c on what it emitted.
  const big = join(work, '5000x10.lb');
  const outDir = join(work, 'out-5000x10');
  const cliRuns: { ms: number; maxRssMb?: number }[] = [];
  const haproxyRuns: { ms: number; maxRssMb?: number }[] = [];
  for (let i = 0; i < 3; i++) {
    rmSync(outDir, { recursive: true, force: true });
    const cli = timed(process.execPath, [LB_CJS, 'compile', big, '-o', outDir]);
    if (cli.status !== 0) throw new Error(`lb compile failed on 5000x10:\n${cli.stderr.slice(0, 2000)}`);
    cliRuns.push(cli);
    const hp = timed('haproxy', ['-c', '-f', join(outDir, 'haproxy.cfg')]);
    if (hp.status !== 0) throw new Error(`haproxy -c rejected the 5000x10 output:\n${hp.stderr.slice(0, 2000)}`);
    haproxyRuns.push(hp);
  }
  const cliBest = Math.min(...cliRuns.map((r) => r.ms));
  const hpBest = Math.min(...haproxyRuns.map((r) => r.ms));
  const inProcess = out['5000x10'].compileMs;
  const ratio = cliBest / hpBest;
  results.compileVsHaproxy = {
    lbCompileCliMs: cliRuns.map((r) => r.ms),
    lbCompileCliMaxRssMb: cliRuns.map((r) => r.maxRssMb),
    lbCompileInProcessMs: inProcess,
    haproxyCheckMs: haproxyRuns.map((r) => r.ms),
    haproxyCheckMaxRssMb: haproxyRuns.map((r) => r.maxRssMb),
    ratioCli: ratio,
    ratioInProcess: inProcess / hpBest,
    target: 0.25,
    met: ratio <= 0.25,
  };
  rows.push({
    figure: 'lb compile 5000x10 (CLI, best of 3) vs haproxy -c on its output',
    value: `lb ${fmtMs(cliBest)} (max RSS ${Math.max(...cliRuns.map((r) => r.maxRssMb ?? 0)).toFixed(0)} MB; in-process ${fmtMs(inProcess)}) / haproxy -c ${fmtMs(hpBest)} (max RSS ${Math.max(...haproxyRuns.map((r) => r.maxRssMb ?? 0)).toFixed(0)} MB)`,
    anchor: 'haproxy -c 1.7-4.7 s, 255 MB (testing-recipes.md §2)',
    ratio: `${fmtRatio(ratio)} (in-process ${fmtRatio(inProcess / hpBest)})`,
    target: '<= 0.25×',
    verdict: ratio <= 0.25 ? 'met' : 'missed',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Start-up

function startup(): void {
  const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 20);
  const outDir = join(work, 'out-case1');
  const empty = join(work, 'empty.js');
  writeFileSync(empty, '');
  const env = { ...process.env, STATS_PASSWORD: 'bench-only' };
  const measure = (pairs: [string, string[]][], label: string): number[][] => {
    // Interleaved, so a burst of load hits both commands alike; one warm-up each (disk cache, Deno's cache).
    const times: number[][] = pairs.map(() => []);
    for (const [cmd, args] of pairs) run(cmd, args, { env });
    for (let i = 0; i < runs; i++) {
      pairs.forEach(([cmd, args], k) => {
        const r = run(cmd, args, { env });
        if (r.status !== 0) throw new Error(`${label}: ${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
        times[k].push(r.ms);
      });
    }
    return times;
  };
  const report = (label: string, baselineLabel: string, [lbTimes, baseTimes]: number[][], info = false): Record<string, unknown> => {
    const lbMin = Math.min(...lbTimes);
    const baseMin = Math.min(...baseTimes);
    const lbP10 = percentile(lbTimes, 10);
    const baseP10 = percentile(baseTimes, 10);
    const ratio = lbMin / baseMin;
    rows.push({
      figure: `start-up: ${label} vs ${baselineLabel} (${runs} runs each)`,
      value: `lb min ${fmtMs(lbMin)} / p10 ${fmtMs(lbP10)}; baseline min ${fmtMs(baseMin)} / p10 ${fmtMs(baseP10)}`,
      anchor: 'node -e 0 min 85 ms, deno run min 104 ms on this VM (style.md F5)',
      ratio: `${fmtRatio(ratio)} (p10 ${fmtRatio(lbP10 / baseP10)})`,
      target: info ? '' : '<= 1.5×',
      verdict: info ? 'info' : ratio <= 1.5 ? 'met' : 'missed',
    });
    return { lbMs: lbTimes, baselineMs: baseTimes, lbMin, baselineMin: baseMin, lbP10, baselineP10: baseP10, ratioMin: ratio, ratioP10: lbP10 / baseP10, met: ratio <= 1.5 };
  };
  const [binTimes, bundleTimes, nodeTimes] = measure([
    [process.execPath, [LB_BIN, 'compile', CASE1, '-o', outDir]],
    [process.execPath, [LB_CJS, 'compile', CASE1, '-o', outDir]],
    [process.execPath, ['-e', '0']],
  ], 'node');
  const node = report('node bin/lb.cjs compile case1', 'node -e 0', [binTimes, nodeTimes]);
  // The bundle alone, without the code cache: what another Node version, or the VS Code extension's `lb run`, starts.
  const nodeBundleOnly = report('node dist/lb.cjs compile case1 (no code cache)', 'node -e 0', [bundleTimes, nodeTimes], true);
  const deno = existsSync(DENO)
    ? report('deno run dist/lb.mjs compile case1', 'deno run empty.js', measure([
        [DENO, ['run', '-A', LB_MJS, 'compile', CASE1, '-o', outDir]],
        [DENO, ['run', '-A', empty]],
      ], 'deno'))
    : undefined;
  if (!deno) rows.push({ figure: 'start-up under Deno', value: 'deno not installed', anchor: '', ratio: '', target: '<= 1.5×', verdict: 'not measured' });
  results.startup = { node, nodeBundleOnly, deno: deno ?? 'not measured' };
}

// ---------------------------------------------------------------------------------------------------------------
// Data plane

function portFree(port: number): boolean {
  const r = spawnSync('ss', ['-Htln', `sport = :${port}`], { encoding: 'utf8' });
  return r.status !== 0 || r.stdout.trim() === '';
}

function wrk(port: number, seconds: number): { rps: number; non2xx: number; errors: string; raw: string } {
  const raw = execFileSync('wrk', ['-t1', '-c32', `-d${seconds}s`, `http://127.0.0.1:${port}/`], { encoding: 'utf8', timeout: (seconds + 20) * 1000 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(raw)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(raw)?.[1] ?? 0);
  const errors = /Socket errors:.*/.exec(raw)?.[0] ?? '';
  return { rps, non2xx, errors, raw };
}

async function withHaproxy<T>(cfg: string, port: number, body: () => T): Promise<T> {
  const child: ChildProcess = spawn('haproxy', ['-W', '-db', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d) => (log += d));
  try {
    await waitForPort(port, 10_000).catch((e: Error) => {
      throw new Error(`${e.message}\nhaproxy said:\n${log}`);
    });
    // Let the first health checks pass before measuring.
    await new Promise((r) => setTimeout(r, 500));
    return body();
  } finally {
    await new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  }
}

async function dataPlane(): Promise<void> {
  const seconds = Number(process.env.BENCH_WRK_SECONDS ?? 5);
  const rounds = Number(process.env.BENCH_WRK_ROUNDS ?? 3);
  if (version('wrk', ['--version']) === 'not installed') {
    rows.push({ figure: 'data plane (wrk)', value: 'wrk is not installed (apt-get install -y wrk)', anchor: '', ratio: '', target: '>= 1.0× seed', verdict: 'not measured' });
    results.dataPlane = 'not measured: wrk missing';
    return;
  }
  const busy = [5000, 3000, 8080, 8081].filter((p) => !portFree(p));
  if (busy.length > 0) {
    rows.push({ figure: 'data plane (wrk)', value: `ports ${busy.join(', ')} are in use`, anchor: '', ratio: '', target: '>= 1.0× seed', verdict: 'not measured' });
    results.dataPlane = `not measured: ports ${busy.join(', ')} busy`;
    return;
  }
  const compiled = compile(CASE1, { fs: { readFile: (p) => (p === CASE1 ? readFileSync(CASE1, 'utf8') : undefined) }, env: { STATS_PASSWORD: 'bench-only' } });
  const generated = compiled.outputs.find((o) => o.path === 'haproxy.cfg');
  if (!compiled.ok || !generated) throw new Error('examples/case1-roundrobin.lb did not compile');
  const generatedCfg = join(work, 'generated-haproxy.cfg');
  writeFileSync(generatedCfg, generated.text);

  try {
    startDemoServer('server01', 8080);
    startDemoServer('server02', 8081);
    await waitForPort(8080);
    await waitForPort(8081);
    const direct = wrk(8080, seconds);
    const perRound: { generated: number; seed: number; ratio: number }[] = [];
    for (let i = 0; i < rounds; i++) {
      // Alternate the order so that drift in background load does not always favour the same config.
      const order = i % 2 === 0 ? (['seed', 'generated'] as const) : (['generated', 'seed'] as const);
      const got: Record<string, number> = {};
      for (const which of order) {
        got[which] = await withHaproxy(which === 'seed' ? SEED_CFG : generatedCfg, 5000, () => wrk(5000, seconds).rps);
      }
      perRound.push({ generated: got.generated, seed: got.seed, ratio: got.generated / got.seed });
    }
    const ratios = perRound.map((r) => r.ratio).sort((a, b) => a - b);
    const median = ratios[Math.floor(ratios.length / 2)];
    const gen = perRound.map((r) => r.generated);
    const seed = perRound.map((r) => r.seed);
    results.dataPlane = { seconds, rounds: perRound, directRps: direct.rps, medianRatio: median, met: median >= 1.0 };
    rows.push({
      figure: `data plane: wrk -t1 -c32 -d${seconds}s through haproxy, case 1 generated vs seed config (${rounds} rounds)`,
      value: `generated ${gen.map((x) => x.toFixed(0)).join('/')} rps; seed ${seed.map((x) => x.toFixed(0)).join('/')} rps; direct to one backend ${direct.rps.toFixed(0)} rps`,
      anchor: 'direct 17.6-21.6k rps, haproxy 8.3-10.2k rps (testing-recipes.md §5)',
      ratio: `${fmtRatio(median)} median (rounds ${perRound.map((r) => r.ratio.toFixed(2)).join(', ')}); vs direct ${fmtRatio(Math.max(...gen) / direct.rps)}`,
      target: '>= 1.0× seed',
      verdict: median >= 1.0 ? 'met' : 'missed',
    });
  } finally {
    await stopAll();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Language server (bench/lsp-latency.ts drives the bundled server over stdio)

async function languageServer(): Promise<void> {
  const edits = Number(process.env.BENCH_LSP_EDITS ?? 200);
  const completions = Number(process.env.BENCH_LSP_COMPLETIONS ?? 200);
  // The anchor, in the same run: lb's own check() of the same document in-process (bench/check-case.ts), the call
  // the server makes on every version. The server cannot publish faster than this without incremental analysis.
  const documentFile = join(work, 'lsp-document.lb');
  writeFileSync(documentFile, editorDocument(10_000));
  const anchorRun = run(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/check-case.ts'), documentFile, '12']);
  if (anchorRun.status !== 0) throw new Error(`check case failed:\n${anchorRun.stderr}`);
  const core = JSON.parse(anchorRun.stdout.trim().split('\n').pop()!) as { times: number[]; bestMs: number; medianMs: number; errors: number; warnings: number };
  const coreMs = core.bestMs;
  // The server runs with the options the VS Code client gives it, plus any asked for.
  const nodeArgs = [...SERVER_NODE_OPTIONS, ...(process.env.BENCH_LSP_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const r = await measureLsp({ serverBundle: LSP_SERVER, workDir: work, lines: 10_000, edits, noEditCompletions: completions, nodeArgs });
  const d = r.diagnosticsAfterEdit;
  const ce = r.completionAfterEdit;
  const cn = r.completionNoEdit;
  const wrong = r.wrongAnswers.length;
  const wrongNote = wrong > 0 ? `; ${wrong} WRONG answers (see results.json)` : '; every answer checked';
  const stats = (s: { p50: number; p95: number; max: number }) => `p50 ${fmtMs(s.p50)}, p95 ${fmtMs(s.p95)}, max ${fmtMs(s.max)}`;
  const diagnosticsMet = wrong === 0 && d.p95 < 50;
  const completionMet = wrong === 0 && ce.p95 < 16;
  rows.push({
    figure: `LSP diagnostics after an edit (${r.lines} lines, ${d.count} sequential edits over stdio)`,
    value: `${stats(d)}; didOpen -> first publish ${fmtMs(r.openMs)}; server peak RSS ${r.serverPeakRssMb?.toFixed(0) ?? '?'} MB${wrongNote}`,
    anchor: `check() of the same text in-process: best ${fmtMs(core.bestMs)}, median ${fmtMs(core.medianMs)} (12 runs in one process); target from rust-analyzer (style.md 2c)`,
    ratio: `p50 ${fmtRatio(d.p50 / coreMs)} of the best in-process check(); p95 ${fmtRatio(d.p95 / 50)} of target`,
    target: 'p95 < 50 ms',
    verdict: diagnosticsMet ? 'met' : 'missed',
  });
  rows.push({
    figure: `LSP completion right after an edit (${ce.count} requests: after \`default \`, directive start, after \`balance \`)`,
    value: `${stats(ce)}${wrongNote}`,
    anchor: `the same places without an edit: p50 ${fmtMs(cn.p50)}, p95 ${fmtMs(cn.p95)}`,
    ratio: `p95 ${fmtRatio(ce.p95 / 16)} of target; p50 ${fmtRatio(ce.p50 / cn.p50)} of no-edit p50`,
    target: 'p95 < 16 ms',
    verdict: completionMet ? 'met' : 'missed',
  });
  rows.push({
    figure: `LSP completion with no edit in between (${cn.count} requests, same kinds of places; context for the row above)`,
    value: `${stats(cn)}${wrongNote}`,
    anchor: '',
    ratio: `p95 ${fmtRatio(cn.p95 / 16)} of target`,
    target: 'p95 < 16 ms (the target applies to the row above)',
    verdict: 'info',
  });
  results.lsp = {
    method: 'bench/lsp-latency.ts; bench/README.md "Language server"',
    inProcessCheck: core,
    ...r,
    targets: { completionP95Ms: 16, diagnosticsP95Ms: 50 },
    met: { diagnostics: diagnosticsMet, completion: completionMet },
  };
}

// ---------------------------------------------------------------------------------------------------------------

function printTable(): void {
  const headers: (keyof Row)[] = ['figure', 'value', 'ratio', 'target', 'verdict', 'anchor'];
  console.log('');
  for (const row of rows) {
    console.log(`■ ${row.figure}`);
    for (const h of headers.slice(1)) if (row[h]) console.log(`    ${h.padEnd(8)} ${row[h]}`);
  }
  console.log('');
  console.log('| figure | value | ratio | target | verdict |');
  console.log('|---|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.figure} | ${row.value} | ${row.ratio || '—'} | ${row.target || '—'} | ${row.verdict} |`);
}

results.machine = machine();
console.log(`bench: ${JSON.stringify(results.machine)}`);
try {
  if (only.has('compile')) compileScale();
  if (only.has('startup')) startup();
  if (only.has('dataplane')) await dataPlane();
  if (only.has('lsp')) await languageServer();
  results.rows = rows;
  results.loadAverageAtEnd = loadavg().map((x) => +x.toFixed(2));
  printTable();
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nbench: wrote bench/results.json (load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
