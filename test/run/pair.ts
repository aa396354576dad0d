/**
 * The HA pair both HA test files build on, as `.lb` text: hosts lb1 (10.99.0.11, priority 150, the master) and lb2
 * (10.99.0.12) on eth1 with nonlocal-bind, and vrrp web over them with VIP 10.99.0.100/24 (router-id 51).
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
