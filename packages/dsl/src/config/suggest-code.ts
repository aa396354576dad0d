/** "Did you mean" for rule codes: digits typed in the wrong order (LB2070 for LB2007) beat the nearest by edits. */
import { RULES } from '../diagnostics/codes.ts';
import { didYouMean } from '../util/suggest.ts';

export function didYouMeanCode(written: string): string {
  const upper = written.toUpperCase();
  if (RULES.has(upper)) return ` Did you mean '${upper}'?`;
  const sorted = [...upper].sort().join('');
  const anagram = [...RULES.keys()].find((code) => [...code].sort().join('') === sorted);
  return anagram ? ` Did you mean '${anagram}'?` : didYouMean(written, RULES.keys());
}
