/**
 * The project configuration `lb.json`: per-rule severity overrides and off switches.
 *   { "$schema": "...", "rules": { "LB2006": "off", "LB2015": "error" } }
 * Reading never throws: every mistake is an LB1026 at the offending key or value, the bad entry is ignored and the
 * valid ones still apply.
 */
import { RULES } from '../diagnostics/codes.ts';
import { makeDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.ts';
import { didYouMean } from '../util/suggest.ts';
import { parseJson, type JsonValue } from './json.ts';
import { lockReason, RULE_SETTINGS, settingAllowed, type RuleSetting } from './policy.ts';
import { didYouMeanCode } from './suggest-code.ts';

export const PROJECT_CONFIG_NAME = 'lb.json';

export interface ProjectConfig {
  /** The file it was read from; undefined when built in code (e.g. by the language server). */
  path?: string;
  /** Rule code -> setting; only codes of the catalogue, with settings `settingAllowed` accepts. */
  rules: ReadonlyMap<string, RuleSetting>;
}

export interface ParsedProjectConfig {
  config: ProjectConfig;
  diagnostics: Diagnostic[];
}

const TOP_LEVEL_KEYS = ['$schema', 'rules'];

export function parseProjectConfig(text: string, path: string): ParsedProjectConfig {
  const diagnostics: Diagnostic[] = [];
  const rules = new Map<string, RuleSetting>();
  const config: ProjectConfig = { path, rules };
  const report = (start: number, end: number, message: string) => {
    const span: Span = { file: path, start, end: Math.max(start, end) };
    diagnostics.push(makeDiagnostic('LB1026', 'error', span, message));
  };

  const parsed = parseJson(text);
  if (!parsed.ok) {
    const at = Math.min(parsed.offset, text.length);
    report(at, Math.min(at + 1, text.length), `${path} is not valid JSON: ${parsed.message}. Until it is fixed, no rule setting applies`);
    return { config, diagnostics };
  }
  const root = parsed.value;
  if (root.kind !== 'object') {
    report(root.start, root.end, `${path} must hold a JSON object like { "rules": { "LB2006": "off" } }`);
    return { config, diagnostics };
  }
  const seen = new Set<string>();
  for (const member of root.members) {
    if (seen.has(member.key)) report(member.keyStart, member.keyEnd, `"${member.key}" is set twice; keep one`);
    seen.add(member.key);
    if (member.key === '$schema') {
      if (member.value.kind !== 'string') report(member.value.start, member.value.end, '"$schema" must be a string (the path or URL of lb.schema.json)');
    } else if (member.key === 'rules') {
      readRules(member.value, rules, report);
    } else {
      report(member.keyStart, member.keyEnd, `unknown key "${member.key}" in ${path}; the keys are ${TOP_LEVEL_KEYS.map((k) => `"${k}"`).join(' and ')}.${didYouMean(member.key, TOP_LEVEL_KEYS)}`);
    }
  }
  return { config, diagnostics };
}

function readRules(value: JsonValue, rules: Map<string, RuleSetting>, report: (start: number, end: number, message: string) => void): void {
  if (value.kind !== 'object') {
    report(value.start, value.end, '"rules" must be an object from rule code to "off", "info", "warning" or "error"');
    return;
  }
  const settings = RULE_SETTINGS.map((s) => `"${s}"`).join(', ');
  for (const { key, keyStart, keyEnd, value: setting } of value.members) {
    const rule = RULES.get(key);
    if (!rule) {
      const hint = didYouMeanCode(key);
      report(keyStart, keyEnd, `"${key}" is not an lb rule code; this entry is ignored.${hint || ' Codes look like LB2006; docs/rules/README.md lists them.'}`);
      continue;
    }
    if (rules.has(key)) report(keyStart, keyEnd, `${key} is set twice; keep one`);
    if (setting.kind !== 'string' || !(RULE_SETTINGS as readonly string[]).includes(setting.value)) {
      const shown = setting.kind === 'string' ? `"${setting.value}"` : `a ${setting.kind}`;
      const hint = setting.kind === 'string' ? didYouMean(setting.value, RULE_SETTINGS) : '';
      report(setting.start, setting.end, `${key} is set to ${shown}; use one of ${settings}.${hint}`);
      continue;
    }
    const chosen = setting.value as RuleSetting;
    if (!settingAllowed(key, chosen)) {
      const raise = rule.severity === 'error' ? '' : `; only a higher severity is allowed`;
      report(setting.start, setting.end, `${key} cannot be turned off or lowered to "${chosen}": ${lockReason(key)}${raise}`);
      continue;
    }
    rules.set(key, chosen);
  }
}
