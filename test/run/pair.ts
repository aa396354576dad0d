/**
 * The HA pair both HA test files build on, as `.lb` text: hosts lb1 (10.99.0.11, priority 150, the master) and lb2
 * (10.99.0.12) on eth1 with nonlocal-bind, and vrrp web over them with VIP 10.99.0.100/24 (router-id 51); and what
 * runs on it: backend app behind frontend www on the VIP.
 */

/** `lb1` lines open host lb1 (before its eth1); `vrrp` lines end vrrp web. Ends with vrrp web's `}`, no newline. */
export function pairMachines(extra: { lb1?: readonly string[]; vrrp?: readonly string[] } = {}): string {
  const lines = (more: readonly string[] = []) => more.map((line) => `  ${line}\n`).join('');
  return `host lb1 {
${lines(extra.lb1)}  interface eth1 10.99.0.11/24
  roles     lb
  nonlocal-bind
}
host lb2 {
  interface eth1 10.99.0.12/24
  roles     lb
  nonlocal-bind
}
vrrp web {
  vip       10.99.0.100/24
  router-id 51
  members   lb1 priority 150, lb2 priority 100
${lines(extra.vrrp)}}`;
}

/** What runs on the pair: http defaults, backend app (health-checked) with `servers`, frontend www on the VIP. */
export function pairApp(servers: readonly string[], frontendDefault = 'app'): string {
  return `defaults {
  mode    http
  timeout connect 1s, client 10s, server 10s
}
backend app {
  health http "/"
${servers.map((s) => `  ${s}\n`).join('')}}
frontend www {
  bind    10.99.0.100:8080
  default ${frontendDefault}
}
`;
}
