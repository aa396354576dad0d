/**
 * The HA pair's part of the live view: where each VIP is, and per node its interface, link, VRRP state, processes
 * and traffic; the haproxy table of the node holding the VIP follows it (live-view.ts). Pure.
 */
export interface NodeLine {
  host: string;
  ns: string;
  iface: string;
  address: string;
  linkUp: boolean;
  /** From keepalived's log: MASTER, BACKUP, FAULT, or '?' before it said anything. */
  state: string;
  holdsVip: boolean;
  keepalivedPid?: number;
  haproxyPid?: number;
  requests: number;
  http5xx: number;
}

export interface PairViewState {
  vips: { ip: string; holders: string[] }[];
  nodes: NodeLine[];
  color: boolean;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function renderPair(state: PairViewState): string[] {
  const paint = (text: string, code: number) => (state.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (const vip of state.vips) {
    const where = vip.holders.length === 0 ? paint('on no node', 31) : vip.holders.length === 1 ? paint(`on ${vip.holders[0]}`, 32) : paint(`on ${vip.holders.join(' AND ')} (split brain)`, 31);
    lines.push(`VIP ${vip.ip} ${where}`);
  }
  for (const n of state.nodes) {
    const link = n.linkUp ? 'up  ' : paint('DOWN', 31);
    const vrrp = pad(n.state, 7);
    lines.push(
      `  ${pad(n.host, 10)} ${pad(`${n.iface} ${n.address}`, 22)} link ${link}  ${n.state === 'MASTER' ? paint(vrrp, 32) : vrrp} ${n.holdsVip ? 'VIP' : '   '}  keepalived pid ${pad(String(n.keepalivedPid ?? '-'), 7)} haproxy pid ${pad(String(n.haproxyPid ?? '-'), 7)} requests ${pad(String(n.requests), 6)} 5xx ${n.http5xx}`,
    );
  }
  return lines;
}
