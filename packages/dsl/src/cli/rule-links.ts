/**
 * Where each rule is documented: its own page, `docs/rules/<CODE>.md` (what it catches, examples, how to
 * suppress), with `docs/rules/README.md` as the index. Used for SARIF `helpUri` and the job summary's links.
 */
import { RULES, type RuleInfo } from '../diagnostics/codes.ts';

export const INFORMATION_URI = 'https://github.com/lb-lang/lb';
export const RULES_DOC_URI = `${INFORMATION_URI}/blob/main/docs/rules`;

/** The documentation page of a code, or the rules index when the code is not in the catalogue. */
export function ruleHelpUri(code: string): string {
  return RULES.has(code) ? `${RULES_DOC_URI}/${code}.md` : `${RULES_DOC_URI}/README.md`;
}

/** An identifier-like rule name for SARIF `name`: `Proxy loop: frontend forwards to itself` -> `ProxyLoopFrontendForwardsToItself`. */
export function ruleName(rule: RuleInfo): string {
  return rule.title
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}
