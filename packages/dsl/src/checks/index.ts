/**
 * The checker: judges an evaluated Model (never syntax) and returns diagnostics in a stable order. It is pure and
 * never throws on a strange model; each area lives in its own file.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Model } from '../model/model.ts';
import { checkClusters } from './cluster.ts';
import { checkPorts } from './ports.ts';
import { checkProxies } from './proxies.ts';
import { Reporter } from './report.ts';
import { checkVrrps } from './vrrp.ts';

export { effectiveSettings, type EffectiveSettings } from './settings.ts';

export function runChecks(model: Model): Diagnostic[] {
  const reporter = new Reporter();
  checkPorts(model, reporter);
  checkProxies(model, reporter);
  checkVrrps(model, reporter);
  checkClusters(model, reporter);
  return sortDiagnostics(reporter.diagnostics);
}
