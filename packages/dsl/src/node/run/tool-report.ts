/**
 * What `haproxy -c` or `keepalived -t` said about a generated file, as lb prints it: each message on the `.lb` line
 * it came from (through the file's source map), or the tool's own words when it named no line.
 */
import type { OutputFile } from '../../emit/common/output.ts';
import { mapToolMessages } from '../../emit/common/tool-messages.ts';
import { nodeFileSystem } from '../../cli/node-fs.ts';

export function describeToolOutput(output: string, file: OutputFile): string {
  const name = file.target === 'haproxy' ? 'haproxy.cfg' : 'keepalived.conf';
  const where = mapToolMessages(output, file).map((m) => `  ${m.span ? `${m.span.file}:${lineOf(m.span)}` : `${name}:${m.line}`}: ${m.severity}: ${m.message}`);
  return where.length > 0 ? where.join('\n') : indent(output);
}

function lineOf(span: { start: number; file: string }): string {
  const text = nodeFileSystem.readFile(span.file);
  if (text === undefined) return '?';
  return String(text.slice(0, span.start).split('\n').length);
}

export function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}
