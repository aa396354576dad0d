/**
 * The machines of a typical HA program as `.lb` text: load-balancer hosts lb1 and lb2 on eth1 in 10.182.0.0/24 and
 * the VRRP pair `api` over them (VIP 10.182.0.100, lb1 master). The benchmark's editor document and the property
 * tests' programs all start from it.
 */

/**
 * `auth` is the password expression (each program names its own env variable); `extra` lines end the vrrp block.
 * The text ends with the vrrp block's `}`, without a newline, so that it stands on a line of its own in a template.
 */
export function vrrpPairSource(auth: string, extra: readonly string[] = []): string {
  return `host lb1 {
  interface eth1 10.182.0.11/24
  roles     lb
}
host lb2 {
  interface eth1 10.182.0.12/24
  roles     lb
}
vrrp api {
  vip       10.182.0.100/24
  router-id 51
  members   lb1 priority 150, lb2 priority 100
  auth      ${auth}
${extra.map((line) => `  ${line}\n`).join('')}}`;
}
