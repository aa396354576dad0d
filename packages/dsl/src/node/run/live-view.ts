/**
 * The live view: frontends, then each backend's servers with their state, current sessions, requests and errors,
 * from `show stat`. `renderView` is pure; `LiveView` redraws it in place on a terminal (cursor up, clear to end)
 * and prints plain lines, only when something changed, otherwise.
 */
import type { RunPlan } from './plan.ts';
import type { StatRow } from './stats.ts';

export interface ViewState {
  title: string;
  rows: StatRow[];
  plan: RunPlan;
  /** `backend/server` -> what lb knows locally: `demo pid 123`, `stopped by lb`. */
  local: Map<string, string>;
  /** Last events (reloads, errors, kills), newest last. */
  events: string[];
  color: boolean;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** Green when serving, yellow while changing state (`UP 1/2` is failing checks, `DOWN 1/2` coming back), red when not. */
function paint(status: string, color: boolean): string {
  if (!color) return status;
  const code = /^(UP|DOWN) \d|NOLB|DRAIN/.test(status) ? 33 : /^(UP|OPEN)/.test(status) ? 32 : /DOWN|MAINT|STOP/.test(status) ? 31 : 0;
  return code === 0 ? status : `\u001b[${code}m${status}\u001b[0m`;
}

export function renderView(state: ViewState): string[] {
  const { rows, color } = state;
  const lines = [state.title];
  const frontends = rows.filter((r) => r.name === 'FRONTEND' && !state.plan.stats.some((s) => s.proxy === r.proxy));
  for (const fe of frontends) {
    const urls = state.plan.frontends.filter((f) => f.proxy === fe.proxy).map((f) => f.url).join(' ');
    lines.push(`frontend ${pad(fe.proxy, 18)} ${pad(paint(fe.status, color), color ? 13 : 4)} sessions ${pad(String(fe.current), 4)} requests ${pad(String(fe.requests), 7)} 5xx ${pad(String(fe.http5xx), 5)} ${urls}`);
  }
  const backends = [...new Set(rows.filter((r) => r.name === 'BACKEND').map((r) => r.proxy))]
    .filter((b) => !state.plan.stats.some((s) => s.proxy === b));
  for (const be of backends) {
    const total = rows.find((r) => r.proxy === be && r.name === 'BACKEND')!;
    lines.push(`backend  ${pad(be, 18)} ${pad(paint(total.status, color), color ? 13 : 4)} retries ${total.retries}  redispatched ${total.redispatches}`);
    for (const s of rows.filter((r) => r.proxy === be && r.name !== 'BACKEND')) {
      const local = state.local.get(`${be}/${s.name}`);
      lines.push(`  ${pad(s.name, 16)} ${pad(s.address, 21)} ${pad(paint(s.status, color), color ? 18 : 9)} ${pad(s.check, 6)} cur ${pad(String(s.current), 4)} req ${pad(String(s.requests), 7)} err ${pad(String(s.errors), 4)}${local ? ` ${local}` : ''}`);
    }
  }
  for (const page of state.plan.stats) {
    lines.push(`stats    ${page.url}${page.users.length > 0 ? ` (user ${page.users.join(', ')})` : ' (no password)'}`);
  }
  for (const e of state.events.slice(-5)) lines.push(e);
  return lines;
}

export class LiveView {
  private drawn = 0;
  private last = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
  ) {}

  draw(lines: string[]): void {
    const text = lines.join('\n');
    if (this.tty) {
      // Up to the first line drawn last time, clear to the end of the screen, draw again.
      const up = this.drawn > 0 ? `\u001b[${this.drawn}F` : '';
      this.write(`${up}\u001b[0J${text}\n`);
      this.drawn = lines.length;
      return;
    }
    // Plain output (a pipe, a CI log): only the lines that changed, stamped, without the header line's clock.
    if (text === this.last) return;
    const previous = new Set(this.last.split('\n'));
    this.last = text;
    const stamp = new Date().toISOString().slice(11, 19);
    for (const line of lines.slice(1)) if (!previous.has(line)) this.write(`[${stamp}] ${line}\n`);
  }

  /** Text printed between redraws (a reload, a diagnostic) must not be overwritten. */
  print(text: string): void {
    if (this.tty && this.drawn > 0) {
      this.write(`\u001b[${this.drawn}F\u001b[0J`);
      this.drawn = 0;
    }
    this.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}
