/**
 * The `lb.rules` setting: a severity per rule code ("error", "warning", "info", "hint" or "off"). The language server
 * applies it (initializationOptions.rules), with lb.json's policy: a rule that must not be hidden or lowered stays.
 * "hint" is the one level the server cannot express (it sends such findings as info): the client shows them as hints.
 */

export type RuleLevel = 'error' | 'warning' | 'info' | 'hint' | 'off';
const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'hint', 'off'];

/** VS Code's DiagnosticSeverity numbers: Error 0, Warning 1, Information 2, Hint 3. */
export const SEVERITY_OF: Record<Exclude<RuleLevel, 'off'>, 0 | 1 | 2 | 3> = { error: 0, warning: 1, info: 2, hint: 3 };

/** The valid entries of the setting; anything else (a typo'd level, a non-string) is ignored, and reported back. */
export function parseRules(setting: unknown): { rules: Map<string, RuleLevel>; ignored: string[] } {
  const rules = new Map<string, RuleLevel>();
  const ignored: string[] = [];
  if (!setting || typeof setting !== 'object' || Array.isArray(setting)) return { rules, ignored };
  for (const [code, level] of Object.entries(setting as Record<string, unknown>)) {
    const normalized = typeof level === 'string' ? (level.toLowerCase() === 'information' ? 'info' : level.toLowerCase()) : '';
    if (/^[A-Z]{2}\d{4}$/.test(code.toUpperCase()) && (LEVELS as readonly string[]).includes(normalized)) rules.set(code.toUpperCase(), normalized as RuleLevel);
    else ignored.push(code);
  }
  return { rules, ignored };
}

/** The code of a diagnostic as VS Code holds it: a string, a number, or `{ value, target }` with a link. */
export function codeOf(code: unknown): string | undefined {
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  if (code && typeof code === 'object' && 'value' in code) return String((code as { value: unknown }).value);
  return undefined;
}

/** The diagnostics with the rules set to "hint" shown as hints. Only findings the server sent as information are
 *  lowered: the server has already applied every other level, and refused to lower the rules that must stay. */
export function applyRuleLevels<D extends { code?: unknown; severity: number }>(diagnostics: readonly D[], rules: ReadonlyMap<string, RuleLevel>): D[] {
  for (const d of diagnostics) {
    const code = codeOf(d.code);
    if (code && rules.get(code.toUpperCase()) === 'hint' && d.severity === SEVERITY_OF.info) d.severity = SEVERITY_OF.hint;
  }
  return [...diagnostics];
}
