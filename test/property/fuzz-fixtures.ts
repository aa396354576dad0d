/**
 * Failing inputs found by `npm run fuzz`, kept as regression fixtures: test/fixtures/fuzz/<name>.lb holds the input
 * program as found (after shrinking), and <name>.json says which property failed and how to replay it (the exact
 * text too when it does not survive UTF-8, e.g. a lone surrogate). fuzz-replay.test.ts replays every one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './arbitraries.ts';

export const FUZZ_FIXTURES = join(ROOT, 'test', 'fixtures', 'fuzz');

/** `open`: a known finding not fixed yet, with who owns it; replay then tolerates only a time-bound miss. */
export type FuzzFixture = (
  | { property: 'robustness'; text: string; seed?: number; problem?: string }
  | { property: 'valid-program'; text: string; seed?: number; problem?: string }
  | { property: 'injection'; slot: string; value: string; delivery: 'literal' | 'env'; text: string; seed?: number; problem?: string }
) & { open?: string };

/** Writes the fixture and returns its name; the same input always gets the same name. */
export function saveFixture(fixture: FuzzFixture): string {
  mkdirSync(FUZZ_FIXTURES, { recursive: true });
  const key = fixture.property === 'injection' ? `${fixture.slot}\u0000${fixture.delivery}\u0000${fixture.value}` : fixture.text;
  const name = `${fixture.property}-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`;
  writeFileSync(join(FUZZ_FIXTURES, `${name}.lb`), fixture.text);
  const survives = Buffer.from(fixture.text, 'utf8').toString('utf8') === fixture.text;
  const meta: Record<string, unknown> = { ...fixture };
  if (survives && fixture.property !== 'injection') delete meta.text;
  writeFileSync(join(FUZZ_FIXTURES, `${name}.json`), `${JSON.stringify(meta, null, 2)}\n`);
  return name;
}

export function loadFixtures(): { name: string; fixture: FuzzFixture }[] {
  if (!existsSync(FUZZ_FIXTURES)) return [];
  return readdirSync(FUZZ_FIXTURES)
    .filter((f) => f.endsWith('.lb'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -3);
      const text = readFileSync(join(FUZZ_FIXTURES, file), 'utf8');
      const metaPath = join(FUZZ_FIXTURES, `${name}.json`);
      // A hand-written .lb without metadata is replayed as a robustness input.
      const meta = existsSync(metaPath) ? (JSON.parse(readFileSync(metaPath, 'utf8')) as Partial<FuzzFixture>) : { property: 'robustness' as const };
      return { name, fixture: { text, ...meta } as FuzzFixture };
    });
}
