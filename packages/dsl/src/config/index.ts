/**
 * Project policy over a check's findings: inline suppressions (`# lb-ignore`), then `lb.json` rule settings.
 * Suppressions come first so that a suppression of a rule the project also turned off still counts as used, and so
 * that `lb.json` can set the severity of the suppression findings themselves (LB1023-LB1025).
 */
import type { FileSystem } from '../api/host.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { applyProjectConfig } from './apply-config.ts';
import { applySuppressions } from './apply-suppressions.ts';
import { findProjectConfig, type FoundProjectConfig } from './discover.ts';
import { parseProjectConfig, type ProjectConfig } from './project-config.ts';
import { readSuppressions, type Suppression } from './suppressions.ts';

export { applyProjectConfig } from './apply-config.ts';
export { applySuppressions } from './apply-suppressions.ts';
export { candidatePaths, findProjectConfig } from './discover.ts';
export type { FoundProjectConfig } from './discover.ts';
export { parseProjectConfig, PROJECT_CONFIG_NAME } from './project-config.ts';
export type { ParsedProjectConfig, ProjectConfig } from './project-config.ts';
export { lockReason, RULE_SETTINGS, settingAllowed } from './policy.ts';
export type { RuleSetting } from './policy.ts';
export { readSuppressions } from './suppressions.ts';
export type { Suppression } from './suppressions.ts';

export interface LoadedProjectConfig {
  config: ProjectConfig;
  /** LB1026 findings about the file. */
  diagnostics: Diagnostic[];
  /** The file read, when one was found. */
  source?: FoundProjectConfig;
}

const NO_CONFIG: ProjectConfig = { rules: new Map() };

/** The `lb.json` nearest to `entry`, read and validated; an empty configuration when there is none. */
export function loadProjectConfig(entry: string, fs: FileSystem, cwd?: string): LoadedProjectConfig {
  const source = findProjectConfig(entry, fs, cwd);
  if (!source) return { config: NO_CONFIG, diagnostics: [] };
  return { ...parseProjectConfig(source.text, source.path), source };
}

export interface PolicyOutcome {
  diagnostics: Diagnostic[];
  /** Findings removed by a suppression or by an "off" in lb.json. */
  suppressed: number;
}

/** Applies the suppressions written in `files` (path -> .lb text) and then `config` to `diagnostics`. */
export function applyProjectPolicy(diagnostics: readonly Diagnostic[], files: ReadonlyMap<string, string>, config: ProjectConfig): PolicyOutcome {
  const suppressions: Suppression[] = [];
  const findings: Diagnostic[] = [];
  for (const [file, text] of files) {
    const read = readSuppressions(file, text);
    suppressions.push(...read.suppressions);
    findings.push(...read.diagnostics);
  }
  const inline = applySuppressions(diagnostics, suppressions, files);
  const configured = applyProjectConfig([...inline.kept, ...findings, ...inline.unused], config);
  return { diagnostics: configured.kept, suppressed: inline.suppressed + configured.turnedOff };
}
