/**
 * Maps what the real tools say about a generated file back to the `.lb` source through the file's source map, so
 * an error that only `haproxy -c` or `keepalived -t` can see (typically in a `raw` line) lands on the line the
 * user wrote.
 *   haproxy:    `[ALERT]    (123) : config : parsing [/tmp/x/haproxy.cfg:12] : unknown keyword 'frobnicate' ...`
 *   keepalived: `(/tmp/x/keepalived.conf: Line 12) Unknown keyword 'advert_intt'`
 */
import type { Span } from '../../diagnostics/diagnostic.ts';
import type { OutputFile } from './output.ts';

export interface ToolMessage {
  severity: 'error' | 'warning';
  /** 1-based line in the generated file. */
  line: number;
  /** The `.lb` span that line came from, when the source map knows it. */
  span: Span | null;
  message: string;
}

const HAPROXY = /^\[(ALERT|WARNING)\][^:]*:[^[]*\[([^\]]*):(\d+)\]\s*:\s*(.*)$/;
const KEEPALIVED = /\(([^:()]*): Line (\d+)\)\s*(.*)$/;

export function mapToolMessages(output: string, file: OutputFile): ToolMessage[] {
  const messages: ToolMessage[] = [];
  for (const raw of output.split('\n')) {
    const text = raw.trimEnd();
    let line: number | undefined;
    let severity: ToolMessage['severity'] = 'error';
    let message = '';
    const h = file.target === 'haproxy' ? HAPROXY.exec(text) : null;
    const k = file.target === 'keepalived' ? KEEPALIVED.exec(text) : null;
    if (h) {
      severity = h[1] === 'ALERT' ? 'error' : 'warning';
      line = Number(h[3]);
      message = h[4];
    } else if (k) {
      line = Number(k[2]);
      message = k[3];
    }
    if (line === undefined) continue;
    messages.push({ severity, line, span: file.map[line - 1] ?? null, message });
  }
  return messages;
}
