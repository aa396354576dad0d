/**
 * Which findings a project may hide or lower. Most rules are advice about a valid configuration, and a team may
 * disagree with one. Some are not advice: without them lb would compile something other than what is written or
 * write an unsafe file. Those can be raised (a warning made an error) but never suppressed, turned off or lowered.
 */
import type { Severity } from '../diagnostics/diagnostic.ts';
import { ruleInfo } from '../diagnostics/codes.ts';

/** Warnings that still withhold output (see api/compile.ts `blocksOutput`): hiding one would let wrong output out. */
export const OUTPUT_BLOCKING_CODES: ReadonlySet<string> = new Set(['LB1014']);

export type RuleSetting = 'off' | Severity;

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'info', 'warning', 'error'];

const RANK: Record<RuleSetting, number> = { off: 0, info: 1, warning: 2, error: 3 };

/** Why `code` cannot be hidden or lowered, or undefined when a project may do so. Unknown codes are not locked. */
export function lockReason(code: string): string | undefined {
  const rule = ruleInfo(code);
  if (!rule) return undefined;
  if (code.startsWith('LB0')) return `${code} is a syntax error: lb cannot read the file until it is fixed`;
  if (code.startsWith('LB5')) return `${code} is an output-safety error: lb would write an unsafe file`;
  if (code.startsWith('LB1') && rule.severity === 'error') {
    return `${code} means lb could not make sense of the program: hiding it would compile something other than what is written`;
  }
  if (OUTPUT_BLOCKING_CODES.has(code)) return `${code} withholds output that would be built from a missing value`;
  return undefined;
}

/** Whether a project may set `code` to `setting`: anything for an ordinary rule, only the same or higher when locked. */
export function settingAllowed(code: string, setting: RuleSetting): boolean {
  const rule = ruleInfo(code);
  if (!rule) return false;
  return lockReason(code) === undefined || RANK[setting] >= RANK[rule.severity];
}
