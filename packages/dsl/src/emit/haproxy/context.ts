/**
 * The emission context shared by the section writers: a LineWriter plus the diagnostics, and `statement()`,
 * the only way a section writes a configuration line. Each word says whether it is trusted text (keywords and
 * numbers the emitter formats itself), a user value (checked, then quoted), a revealed secret (checked without
 * ever showing it, marks the file secret) or a name (must be a valid HAProxy name). A line with any bad word is
 * not written at all, so a bad value can never leave a half-statement behind.
 */
import { makeDiagnostic, type Diagnostic, type Span } from '../../diagnostics/diagnostic.ts';
import type { RawLine } from '../../model/model.ts';
import { LineWriter } from '../common/writer.ts';
import { findControlCharacter, isValidName, quoteWord } from './quote.ts';

export type Word =
  /** Trusted text: a keyword, a number, an already formatted address. Written as is. */
  | string
  /** A value from the program: refused if empty or containing control characters, otherwise quoted. */
  | { value: string; what: string }
  /** A secret's revealed text: like a value, but never shown in a message. */
  | { secret: string; what: string }
  /** A proxy, server, ACL or defaults name: must match [A-Za-z0-9_.:-]+. */
  | { name: string; what: string }
  /** A word embedded in a larger trusted word (a header name in `hdr(NAME)`): must match `pattern`, then `format`ted. */
  | { token: string; what: string; pattern: RegExp; rule: string; format: (token: string) => string };

export const value = (text: string, what: string): Word => ({ value: text, what });
export const name = (text: string, what: string): Word => ({ name: text, what });

/** HTTP header names as they may appear inside a sample fetch argument, e.g. `hdr(X-Canary)`. */
const HEADER_NAME = /^[A-Za-z0-9_.-]+$/;
export const header = (text: string, what: string, format: (h: string) => string = (h) => h): Word => ({
  token: text, what, pattern: HEADER_NAME, rule: "use only letters, digits, '_', '.' and '-' in header names", format,
});

export interface RenderedLine {
  text: string;
  /** Holds a revealed secret: the file must be written with mode 0600. */
  secret: boolean;
}

/** At most this many characters of a refused value are shown in the message. */
const PREVIEW = 60;

/** The value as a JSON string, so its control characters show as escapes (`"a\nb"`). */
function preview(text: string): string {
  return JSON.stringify(text.length > PREVIEW ? `${text.slice(0, PREVIEW)}...` : text);
}

export class HaproxyContext {
  readonly writer = new LineWriter('    ');
  readonly diagnostics: Diagnostic[] = [];

  /**
   * `entry` is the program's entry file: diagnostics about emitter-made lines (no span of their own) point at it.
   * `globalLogs`: the global section has a log target, so `log global` in a proxy leads somewhere (without one,
   * a log format option is a HAProxy warning and is left out).
   */
  constructor(
    private readonly entry: string,
    readonly globalLogs: boolean,
  ) {}

  /** Writes one statement at `depth` (0 = section header, 1 = inside a section). Returns false when refused. */
  statement(span: Span | null, depth: number, words: Word[]): boolean {
    const line = this.render(span, words);
    if (line) this.write(line, span, depth);
    return line !== undefined;
  }

  /** Checks and quotes the words of one statement without writing it (reporting every bad word); undefined when
   *  refused. Lets a caller check a group of lines that only make sense together before writing any of them. */
  render(span: Span | null, words: Word[]): RenderedLine | undefined {
    const out: string[] = [];
    let ok = true;
    let secret = false;
    for (const word of words) {
      if (typeof word === 'string') {
        out.push(word);
      } else if ('name' in word) {
        if (!this.checkName(word.name, word.what, span)) ok = false;
        else out.push(word.name);
      } else if ('token' in word) {
        if (!this.checkToken(word.token, word.what, word.pattern, word.rule, span)) ok = false;
        else out.push(word.format(word.token));
      } else {
        const isSecret = 'secret' in word;
        const text = isSecret ? word.secret : word.value;
        if (!this.checkValue(text, word.what, span, isSecret)) ok = false;
        else out.push(quoteWord(text));
        secret ||= isSecret;
      }
    }
    return ok ? { text: out.join(' '), secret } : undefined;
  }

  write(line: RenderedLine, span: Span | null, depth: number): void {
    if (line.secret) this.writer.markSecret();
    this.writer.line(line.text, span, depth);
  }

  /** A `raw "..."` line: verbatim, but refused when it contains control characters. */
  raw(line: RawLine, depth: number): void {
    if (line.text.trim() === '') return;
    const control = findControlCharacter(line.text);
    if (control) {
      this.error('LB5001', line.span, `The raw line ${preview(line.text)} contains ${control}: line breaks and other control characters are not allowed in haproxy.cfg. Split it into several raw lines.`);
      return;
    }
    this.writer.line(line.text.trim(), line.span, depth);
  }

  /** A comment the emitter writes itself (control characters in interpolated parts are replaced, not refused). */
  comment(text: string, span: Span | null, depth: number): void {
    this.writer.line(`# ${text.replace(/[\u0000-\u001f\u007f]/g, '?')}`, span, depth);
  }

  blank(): void {
    this.writer.blank();
  }

  checkName(text: string, what: string, span: Span | null): boolean {
    if (isValidName(text)) return true;
    const control = findControlCharacter(text);
    if (control) {
      this.error('LB5001', span, `The ${what} ${preview(text)} contains ${control}: line breaks and other control characters are not allowed in haproxy.cfg. Rename it.`);
    } else {
      this.error('LB5002', span, `The ${what} ${preview(text)} is not a valid HAProxy name: use only letters, digits, '_', '.', ':' and '-'.`);
    }
    return false;
  }

  checkToken(text: string, what: string, pattern: RegExp, rule: string, span: Span | null): boolean {
    if (pattern.test(text)) return true;
    const control = findControlCharacter(text);
    if (control) {
      this.error('LB5001', span, `The ${what} ${preview(text)} contains ${control}: line breaks and other control characters are not allowed in haproxy.cfg. Remove them.`);
    } else {
      this.error('LB5002', span, `The ${what} ${preview(text)} cannot be written to haproxy.cfg: ${rule}.`);
    }
    return false;
  }

  checkValue(text: string, what: string, span: Span | null, isSecret = false): boolean {
    const shown = isSecret ? '' : ` ${preview(text)}`;
    if (text === '') {
      this.error('LB5002', span, `The ${what} is empty: HAProxy would silently ignore the rest of the line. Give it a value.`);
      return false;
    }
    const control = findControlCharacter(text);
    if (control) {
      this.error('LB5001', span, `The ${what}${shown} contains ${control}: line breaks and other control characters are not allowed in haproxy.cfg. Remove them from the value.`);
      return false;
    }
    return true;
  }

  error(code: 'LB5001' | 'LB5002', span: Span | null, message: string): void {
    this.diagnostics.push(makeDiagnostic(code, 'error', span ?? { file: this.entry, start: 0, end: 0 }, message));
  }
}
