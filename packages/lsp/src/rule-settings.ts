/**
 * The editor's rule severities (`lb.rules` in VS Code, sent as initializationOptions.rules): the same settings as
 * lb.json's "rules", read and applied by lb's own config code, so the same policy holds (a rule that must not be
 * hidden or lowered stays as it is). They apply on top of lb.json: to what lb.json left, the editor has the last word.
 */
import { applyProjectConfig, parseProjectConfig, type CheckResult, type ProjectConfig } from '@lb/dsl';

export interface EditorRules {
  config: ProjectConfig;
  /** Why entries were ignored (unknown code, unknown level, a locked rule), for the server's log. */
  problems: string[];
}

const NONE: EditorRules = { config: { rules: new Map() }, problems: [] };

export function readEditorRules(setting: unknown): EditorRules {
  if (!setting || typeof setting !== 'object' || Array.isArray(setting)) return NONE;
  const rules: Record<string, unknown> = {};
  for (const [code, level] of Object.entries(setting as Record<string, unknown>)) {
    const normalized = typeof level === 'string' ? level.toLowerCase() : level;
    // "hint" is a display level of the editor (the client shows info findings so); the closest core severity is info.
    rules[code.toUpperCase()] = normalized === 'hint' || normalized === 'information' ? 'info' : normalized;
  }
  const parsed = parseProjectConfig(JSON.stringify({ rules }), 'the lb.rules setting');
  return { config: parsed.config, problems: parsed.diagnostics.map((d) => d.message) };
}

/** The check result with the editor's severities applied; "off" findings count as suppressed, like lb.json's. */
export function applyEditorRules(result: CheckResult, rules: EditorRules): CheckResult {
  if (rules.config.rules.size === 0) return result;
  const outcome = applyProjectConfig(result.diagnostics, rules.config);
  return { ...result, diagnostics: outcome.kept, suppressed: result.suppressed + outcome.turnedOff };
}
