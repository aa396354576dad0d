/**
 * The JSON Schema of `lb.json`, built from the rule catalogue so it cannot drift from it. docs/lb.schema.json is
 * this object, written out (a test keeps the two equal); editors use it for completion and validation.
 */
import { RULES } from '../diagnostics/codes.ts';
import { RULE_SETTINGS, settingAllowed } from './policy.ts';

export function projectConfigSchema(): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const rule of RULES.values()) {
    rules[rule.code] = {
      description: `${rule.title} (default: ${rule.severity})`,
      enum: RULE_SETTINGS.filter((setting) => settingAllowed(rule.code, setting)),
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'lb project configuration (lb.json)',
    description:
      'Rule settings for every .lb file in this directory and below (the nearest lb.json wins). See docs/suppressions.md.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'Path or URL of this schema, for editors.' },
      rules: {
        type: 'object',
        description:
          'Rule code -> "off", "info", "warning" or "error". Syntax, evaluation and output-safety errors cannot be turned off or lowered.',
        additionalProperties: false,
        properties: rules,
      },
    },
  };
}
