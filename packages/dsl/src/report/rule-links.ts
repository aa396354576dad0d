/**
 * Where each rule is documented: its own page, `docs/rules/<CODE>.md` (what it catches, examples, how to
 * suppress), with `docs/rules/README.md` as the index. Used for SARIF `helpUri` and the job summary's links.
 */
import type { RuleInfo } from '../diagnostics/codes.ts';

export { INFORMATION_URI, RULES_DOC_URI, ruleHelpUri } from '../diagnostics/codes.ts';

/** An identifier-like rule name for SARIF `name`: `Proxy loop: frontend forwards to itself` -> `ProxyLoopFrontendForwardsToItself`. */
export function ruleName(rule: RuleInfo): string {
  return rule.title
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}
