/**
 * The output layout: which files one model produces and where they go inside the output directory.
 *   - per load-balancer host: `<host>/haproxy.cfg` when something listens there (a frontend or a stats page:
 *     haproxy refuses to start without a listener), plus `<host>/keepalived.conf` when the host is in a vrrp;
 *   - no host declared at all (and some listener): a single `haproxy.cfg`;
 *   - per cluster: `<cluster>.yaml`.
 * Order is hosts then clusters, each in declaration order, so the same program always yields the same list.
 */
import { makeDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.ts';
import type { Model } from '../model/model.ts';
import { loadBalancerHosts, proxiesOnHost, vrrpsOfHost } from '../model/placement.ts';
import type { OutputFile } from './common/output.ts';
import { emitHaproxy } from './haproxy/index.ts';
import { emitKeepalived } from './keepalived/index.ts';
import { emitKubekey } from './kubekey/index.ts';

export interface EmitResult {
  outputs: OutputFile[];
  diagnostics: Diagnostic[];
}

/** A name becomes a path segment; anything that could climb out of the output directory or hide a file is refused. */
const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function emitAll(model: Model, entry: string): EmitResult {
  const outputs: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];

  const place = (result: { file: OutputFile; diagnostics: Diagnostic[] }, path: string): void => {
    diagnostics.push(...result.diagnostics);
    outputs.push({ ...result.file, path });
  };
  const safeName = (name: string, span: Span, what: string): boolean => {
    if (SAFE_SEGMENT.test(name)) return true;
    diagnostics.push(
      makeDiagnostic(
        'LB5002',
        'error',
        span,
        `The ${what} name "${name}" cannot be used as a file name in the output directory; use letters, digits, '_', '-' and '.' only.`,
      ),
    );
    return false;
  };

  const lbHosts = loadBalancerHosts(model);
  for (const host of lbHosts) {
    if (!safeName(host.name, host.nameSpan, 'host')) continue;
    if (hasListener(model, host.name)) place(emitHaproxy(model, { host: host.name, entry }), `${host.name}/haproxy.cfg`);
    if (vrrpsOfHost(model, host.name).length > 0) {
      place(emitKeepalived(model, { host: host.name, entry }), `${host.name}/keepalived.conf`);
    }
  }

  if (model.hosts.length === 0 && hasListener(model, undefined)) place(emitHaproxy(model, { entry }), 'haproxy.cfg');

  for (const cluster of model.clusters) {
    if (!safeName(cluster.name, cluster.nameSpan, 'cluster')) continue;
    place(emitKubekey(model, { cluster: cluster.name, entry }), `${cluster.name}.yaml`);
  }

  return { outputs, diagnostics };
}

function hasListener(model: Model, host: string | undefined): boolean {
  const placed = proxiesOnHost(model, host);
  return placed.frontends.length + placed.stats.length > 0;
}
