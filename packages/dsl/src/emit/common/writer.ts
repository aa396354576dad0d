import type { Span } from '../../diagnostics/diagnostic.ts';
import type { OutputFile, Target } from './output.ts';

/**
 * Builds a generated file line by line, recording for each line the `.lb` span it came from (the source map).
 * It refuses control characters in any line: the format-specific quoting must already have made values safe,
 * so a CR/LF/NUL reaching here is a bug, reported instead of written (injection-proof by construction).
 */
export class LineWriter {
  private readonly lines: string[] = [];
  private readonly map: (Span | null)[] = [];
  private containsSecret = false;
  readonly problems: { line: string; span: Span | null }[] = [];

  constructor(private readonly indentUnit = '    ') {}

  line(text: string, span: Span | null = null, depth = 0): void {
    const full = text === '' ? '' : this.indentUnit.repeat(depth) + text;
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(full)) {
      this.problems.push({ line: full, span });
      return;
    }
    this.lines.push(full.replace(/\s+$/, ''));
    this.map.push(span);
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.line('');
  }

  comment(prefix: string, text: string, depth = 0): void {
    for (const part of text.split('\n')) this.line(`${prefix} ${part}`.trimEnd(), null, depth);
  }

  markSecret(): void {
    this.containsSecret = true;
  }

  finish(path: string, target: Target, host?: string): OutputFile {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') {
      this.lines.pop();
      this.map.pop();
    }
    const file: OutputFile = { path, target, text: this.lines.join('\n') + '\n', map: [...this.map], secret: this.containsSecret };
    if (host !== undefined) file.host = host;
    return file;
  }
}
