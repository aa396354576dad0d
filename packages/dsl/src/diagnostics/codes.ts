import type { Severity } from './diagnostic.ts';

/**
 * The catalogue of every diagnostic lb can emit. Codes are stable: never renumber, never reuse (LB1020 was retired unused before the first release).
 *   LB0xxx syntax        LB1xxx names, types, scripting       LB2xxx haproxy and ports
 *   LB3xxx vrrp          LB4xxx cluster (KubeKey)             LB5xxx output safety
 * `docs/rules/<CODE>.md` documents each one; test/docs.test.ts keeps the two in step.
 */
export interface RuleInfo {
  code: string;
  severity: Severity;
  title: string;
}

const rules = [
  // syntax
  ['LB0001', 'error', 'Unexpected character'],
  ['LB0002', 'error', 'Syntax error'],
  ['LB0003', 'error', 'Unterminated string'],
  ['LB0004', 'error', 'Bad string interpolation'],
  ['LB0005', 'error', 'Malformed literal'],
  // names, types, scripting
  ['LB1001', 'error', 'Unknown block'],
  ['LB1002', 'error', 'Unknown directive'],
  ['LB1003', 'error', 'Unknown name'],
  ['LB1004', 'error', 'Duplicate name'],
  ['LB1005', 'error', 'Wrong type'],
  ['LB1006', 'error', 'Value out of range'],
  ['LB1007', 'error', 'Missing required setting'],
  ['LB1008', 'error', 'Wrong number of arguments'],
  ['LB1009', 'error', 'Directive repeated'],
  ['LB1010', 'error', 'Import not found'],
  ['LB1011', 'error', 'Import cycle'],
  ['LB1012', 'error', 'Unknown function'],
  ['LB1013', 'error', 'Evaluation error'],
  ['LB1014', 'warning', 'Environment variable not set'],
  ['LB1015', 'warning', 'Secret written as a literal'],
  ['LB1016', 'info', 'Raw configuration line passed through'],
  ['LB1017', 'error', 'Recursion or loop limit reached'],
  ['LB1018', 'warning', 'Variable shadows a keyword'],
  ['LB1019', 'error', 'Invalid name'],
  ['LB1021', 'error', 'Directive not allowed here'],
  ['LB1022', 'error', 'Conflicting settings'],
  ['LB1023', 'warning', 'Suppression without a reason'],
  ['LB1024', 'warning', 'Unused suppression'],
  ['LB1025', 'warning', 'Unknown rule in suppression'],
  ['LB1026', 'error', 'Invalid project configuration'],
  // haproxy and ports
  ['LB2001', 'error', 'Duplicate bind'],
  ['LB2002', 'warning', 'Wildcard bind overlaps a specific bind'],
  ['LB2003', 'error', 'Proxy loop: frontend forwards to itself'],
  ['LB2004', 'error', 'Port 6443 taken by kube-apiserver'],
  ['LB2005', 'error', 'Stats page and frontend on the same port'],
  ['LB2006', 'warning', 'Privileged port'],
  ['LB2007', 'warning', 'Server without health check'],
  ['LB2008', 'warning', 'Stats page without authentication'],
  ['LB2009', 'warning', 'Missing timeout'],
  ['LB2010', 'error', 'HTTP frontend routes to a TCP backend'],
  ['LB2011', 'warning', 'HTTP-only setting in a TCP proxy'],
  ['LB2012', 'error', 'TLS server without verification settings'],
  ['LB2013', 'error', 'Backend without servers'],
  ['LB2014', 'warning', 'Frontend without a default backend'],
  ['LB2015', 'warning', 'Unused backend'],
  ['LB2016', 'error', 'Bind on an address the host does not have'],
  ['LB2017', 'warning', 'Timeout looks like seconds written as milliseconds'],
  ['LB2018', 'warning', 'Stats admin without authentication'],
  ['LB2019', 'warning', 'Port conflicts with KubeKey internal load balancer'],
  // vrrp
  ['LB3001', 'error', 'VRRP router id collision'],
  ['LB3002', 'warning', 'Equal VRRP priorities'],
  ['LB3003', 'error', 'VIP outside the interface subnet'],
  ['LB3004', 'error', 'VIP equals a host address'],
  ['LB3005', 'warning', 'VRRP password longer than 8 characters'],
  ['LB3006', 'warning', 'nopreempt with a master'],
  ['LB3007', 'warning', 'Tracking weight cannot move the VIP'],
  ['LB3008', 'error', 'VRRP members disagree'],
  ['LB3009', 'warning', 'Priority 255 in an HA pair'],
  ['LB3010', 'error', 'VRRP member is not a declared host'],
  ['LB3011', 'error', 'Interface name too long'],
  ['LB3012', 'warning', 'VRRP with a single member'],
  ['LB3013', 'error', 'VRRP authentication with VRRP version 3'],
  ['LB3014', 'error', 'Frontend binds a VIP without nonlocal bind'],
  // cluster
  ['LB4001', 'error', 'Cluster has no control-plane node'],
  ['LB4002', 'error', 'Cluster has no etcd node'],
  ['LB4003', 'warning', 'Even number of etcd members'],
  ['LB4004', 'error', 'Overlapping CIDRs'],
  ['LB4005', 'error', 'Control-plane endpoint and VIP disagree'],
  ['LB4006', 'error', 'Internal haproxy together with an address'],
  ['LB4007', 'error', 'Duplicate node name or address'],
  ['LB4008', 'warning', 'Node name is not a valid Kubernetes node name'],
  ['LB4009', 'warning', 'Several control-plane nodes without a load balancer'],
  ['LB4010', 'error', 'kube-vip without a free address'],
  ['LB4011', 'error', 'Unsupported Kubernetes version'],
  ['LB4012', 'error', 'Internal haproxy needs port 6443'],
  ['LB4013', 'error', 'External etcd without endpoints'],
  ['LB4014', 'warning', 'kube-vip with ipvs proxy mode'],
  ['LB4015', 'error', 'Apiserver backend differs from the control-plane nodes'],
  // output safety
  ['LB5001', 'error', 'Value would inject a line into generated output'],
  ['LB5002', 'error', 'Value cannot be written to the target format'],
] as const;

export type Code = (typeof rules)[number][0];

export const RULES: ReadonlyMap<string, RuleInfo> = new Map(
  rules.map(([code, severity, title]) => [code, { code, severity, title } satisfies RuleInfo]),
);

export function ruleInfo(code: string): RuleInfo | undefined {
  return RULES.get(code);
}

/** The project's home; rule pages live under docs/rules/ there. */
export const INFORMATION_URI = 'https://github.com/lb-lang/lb';
export const RULES_DOC_URI = `${INFORMATION_URI}/blob/main/docs/rules`;

/** The documentation page of a code (`docs/rules/<CODE>.md`), or the rules index for a code not in the catalogue.
 *  SARIF helpUri, the GitHub job summary and the language server's codeDescription all link here. */
export function ruleHelpUri(code: string): string {
  return RULES.has(code) ? `${RULES_DOC_URI}/${code}.md` : `${RULES_DOC_URI}/README.md`;
}
