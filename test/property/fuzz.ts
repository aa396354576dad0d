/**
 * `npm run fuzz`: the long property campaign. Reproducible: prints its seed, and `SEED=N npm run fuzz` repeats it.
 *   NUM_RUNS        inputs per text property (default 10000); injection gets the same, valid programs NUM_RUNS/200
 *                   (each one starts haproxy and keepalived), or FUZZ_VALID_RUNS
 *   SEED            fast-check seed (default: random)
 *   FUZZ_PROPERTIES comma-separated subset of: text, mutation, injection, valid-program
 *   FUZZ_HANG_MS    silence after which an input counts as a hang (default 60000)
 *   FUZZ_PROPERTY_SECONDS  time budget per property, shrinking included (default 600): a slow input (one that
 *                   fails the time bound) makes every shrink step slow too, so shrinking stops there with the
 *                   smallest failing input found so far
 * The properties run in a worker thread that reports each input before trying it, so an input that never returns
 * is caught by the main thread's watchdog. Failing inputs are shrunk by fast-check and saved under
 * test/fixtures/fuzz/ (see fuzz-fixtures.ts), where fuzz-replay.test.ts replays them in `npm test`.
 */
import fc from 'fast-check';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { anyText, corpus, mutatedCorpus } from './arbitraries.ts';
import { saveFixture, type FuzzFixture } from './fuzz-fixtures.ts';
import { delivery, hostileString, injectionProblem, SLOTS, slotIndex, instantiate, type Delivery } from './injection.ts';
import { robustnessProblem } from './robustness.ts';
import { programSource, programSpec, validProgramProblem, type ProgramSpec } from './valid-program.ts';

const PROPERTIES = ['text', 'mutation', 'injection', 'valid-program'] as const;
type PropertyName = (typeof PROPERTIES)[number];

interface Job {
  seed: number;
  budgetMs: number;
  runs: Record<PropertyName, number>;
  properties: PropertyName[];
}

type Message =
  | { kind: 'input'; property: PropertyName; fixture: FuzzFixture }
  | { kind: 'result'; property: PropertyName; tried: number; runs: number; shrinks: number; failed: boolean; interrupted: boolean; problem?: string; fixture?: string; counterexample?: string };

if (isMainThread) await main();
else await work(workerData as Job);

async function main(): Promise<void> {
  const numRuns = Number(process.env.NUM_RUNS ?? 10_000);
  const seed = process.env.SEED !== undefined ? Number(process.env.SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const hangMs = Number(process.env.FUZZ_HANG_MS ?? 60_000);
  const selected = (process.env.FUZZ_PROPERTIES ?? PROPERTIES.join(',')).split(',').map((p) => p.trim()) as PropertyName[];
  const unknown = selected.filter((p) => !PROPERTIES.includes(p));
  if (unknown.length > 0 || !Number.isFinite(seed) || !(numRuns > 0)) {
    console.error(`fuzz: bad settings (unknown properties: ${unknown.join(', ') || 'none'}, SEED=${process.env.SEED}, NUM_RUNS=${process.env.NUM_RUNS})`);
    process.exit(2);
  }
  const runs: Record<PropertyName, number> = {
    text: numRuns,
    mutation: numRuns,
    injection: numRuns,
    'valid-program': Number(process.env.FUZZ_VALID_RUNS ?? Math.max(5, Math.ceil(numRuns / 200))),
  };
  console.log(`fuzz: seed ${seed} (repeat with SEED=${seed}), NUM_RUNS ${numRuns}, properties ${selected.join(', ')}`);

  const started = Date.now();
  // A worker cannot start from a .ts file directly on Node 20: register tsx inside it first, then load this file.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { seed, runs, properties: selected, budgetMs: Number(process.env.FUZZ_PROPERTY_SECONDS ?? 600) * 1000 } satisfies Job });
  let last: Extract<Message, { kind: 'input' }> | undefined;
  let failures = 0;
  let total = 0;
  let watchdog: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      const name = last ? saveFixture({ ...last.fixture, problem: `no answer within ${hangMs} ms` }) : undefined;
      console.log(`  ${last?.property ?? '?'}: HANG — an input did not return within ${hangMs} ms${name ? `; saved as test/fixtures/fuzz/${name}.lb` : ''}`);
      failures++;
      void worker.terminate();
    }, hangMs);
  };
  arm();
  // A long campaign says where it is every 30 s.
  let tried = 0;
  const progress = setInterval(() => console.log(`  … ${last?.property ?? 'starting'}: ${tried} inputs so far, ${((Date.now() - started) / 1000).toFixed(0)} s`), 30_000);
  worker.on('message', (m: Message) => {
    arm();
    if (m.kind === 'input') {
      last = m;
      tried++;
      return;
    }
    total += m.tried;
    console.log(`  ${m.property}: ${m.tried} inputs tried (${m.runs} runs${m.shrinks ? `, ${m.shrinks} shrink steps` : ''}${m.interrupted ? ', stopped by FUZZ_PROPERTY_SECONDS' : ''}) — ${m.failed ? 'FAILED' : 'ok'}`);
    if (m.failed) {
      failures++;
      console.log(`    counterexample: ${m.counterexample}`);
      console.log(`    problem: ${m.problem}`);
      if (m.fixture) console.log(`    saved as test/fixtures/fuzz/${m.fixture}.lb (+ .json); fuzz-replay.test.ts replays it`);
    }
  });
  await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  clearTimeout(watchdog);
  clearInterval(progress);
  console.log(`fuzz: ${total} inputs tried in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures} failing propert${failures === 1 ? 'y' : 'ies'} (seed ${seed})`);
  process.exitCode = failures > 0 ? 1 : 0;
}

async function work(job: Job): Promise<void> {
  const post = (m: Message): void => parentPort!.postMessage(m);
  const files = corpus();

  for (const property of job.properties) {
    let tried = 0;
    const numRuns = job.runs[property];
    const options = { seed: job.seed, numRuns, interruptAfterTimeLimit: job.budgetMs, markInterruptAsFailure: false };
    if (property === 'text' || property === 'mutation') {
      const arbitrary = property === 'text' ? anyText : mutatedCorpus(files);
      const predicate = (text: string): boolean => {
        tried++;
        post({ kind: 'input', property, fixture: { property: 'robustness', text } });
        return robustnessProblem(text) === undefined;
      };
      const details = fc.check(fc.property(arbitrary, predicate), options);
      const text = details.counterexample?.[0];
      report(property, tried, details, text === undefined ? undefined : () => ({ problem: robustnessProblem(text), fixture: { property: 'robustness', text, seed: job.seed } }), text);
    } else if (property === 'injection') {
      const fixtureOf = (i: number, value: string, how: Delivery): FuzzFixture => ({
        property: 'injection',
        slot: SLOTS[i].name,
        value,
        delivery: how,
        text: instantiate(SLOTS[i], value, how).source,
        seed: job.seed,
      });
      const predicate = (i: number, value: string, how: Delivery): boolean => {
        tried++;
        post({ kind: 'input', property, fixture: fixtureOf(i, value, how) });
        return injectionProblem(SLOTS[i], value, how) === undefined;
      };
      const details = fc.check(fc.property(slotIndex, hostileString, delivery, predicate), options);
      const ce = details.counterexample ?? undefined;
      report(
        property,
        tried,
        details,
        ce === undefined ? undefined : () => ({ problem: injectionProblem(SLOTS[ce[0]], ce[1], ce[2]), fixture: fixtureOf(...ce) }),
        ce === undefined ? undefined : `${SLOTS[ce[0]].name} (${ce[2]}) = ${JSON.stringify(ce[1])}`,
      );
    } else {
      const predicate = (spec: ProgramSpec): boolean => {
        tried++;
        const text = programSource(spec);
        post({ kind: 'input', property, fixture: { property: 'valid-program', text } });
        return validProgramProblem(text) === undefined;
      };
      const details = fc.check(fc.property(programSpec, predicate), options);
      const spec = details.counterexample?.[0];
      const text = spec === undefined ? undefined : programSource(spec);
      report(property, tried, details, text === undefined ? undefined : () => ({ problem: validProgramProblem(text), fixture: { property: 'valid-program', text, seed: job.seed } }), text);
    }
  }

  function report(
    property: PropertyName,
    tried: number,
    details: { failed: boolean; interrupted: boolean; numRuns: number; numShrinks: number; errorInstance?: unknown },
    explain: (() => { problem?: string; fixture: FuzzFixture }) | undefined,
    shown: string | undefined,
  ): void {
    let problem: string | undefined;
    let fixture: string | undefined;
    if (details.failed && explain) {
      const found = explain();
      problem = found.problem ?? String(details.errorInstance ?? 'the predicate failed');
      fixture = saveFixture({ ...found.fixture, problem: problem.slice(0, 2000) });
    }
    post({
      kind: 'result',
      property,
      tried,
      runs: details.numRuns,
      shrinks: details.numShrinks,
      failed: details.failed,
      problem: problem?.slice(0, 2000),
      fixture,
      counterexample: shown === undefined ? undefined : JSON.stringify(shown).slice(0, 500),
      interrupted: details.interrupted,
    });
  }
}
