/** Applies `lb.json` rule settings: drops diagnostics of rules set to "off" and rewrites the severity of the others. */
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { settingAllowed } from './policy.ts';
import type { ProjectConfig } from './project-config.ts';

export interface ConfigOutcome {
  kept: Diagnostic[];
  /** How many diagnostics an "off" removed. */
  turnedOff: number;
}

export function applyProjectConfig(diagnostics: readonly Diagnostic[], config: ProjectConfig): ConfigOutcome {
  const kept: Diagnostic[] = [];
  let turnedOff = 0;
  for (const d of diagnostics) {
    const setting = config.rules.get(d.code);
    // A config built in code skips parseProjectConfig's validation, so the policy is enforced here too.
    if (setting === undefined || !settingAllowed(d.code, setting)) kept.push(d);
    else if (setting === 'off') turnedOff++;
    else kept.push(setting === d.severity ? d : { ...d, severity: setting });
  }
  return { kept, turnedOff };
}
