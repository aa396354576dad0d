/**
 * How a value becomes one keepalived.conf word.
 *
 * keepalived (2.2.7, checked with `keepalived -t` and `-d`) treats `#` and `!` as comments anywhere outside double
 * quotes, strips one pair of double quotes, and does NOT honour backslash escapes inside them (`"a\"b"` is an
 * unterminated quote; `"a\\b"` keeps both backslashes). So a value is written bare when it is plainly safe, in
 * double quotes otherwise, and refused when it contains `"` or `\` (no spelling of it reads back the same in
 * every 2.x version), control characters (they would start a new line: injection) or nothing at all.
 */

export type WordResult =
  | { ok: true; text: string }
  | { ok: false; problem: 'control' | 'quote' | 'empty' | 'too-long' };

/** Characters that never mean anything special to keepalived's tokenizer. */
const BARE = /^[A-Za-z0-9_.:/@,=+%-]+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
/** keepalived reads lines into a 1024-byte buffer; keep every value well inside it. */
const MAX_VALUE = 512;

export function keepalivedWord(value: string): WordResult {
  if (CONTROL.test(value)) return { ok: false, problem: 'control' };
  if (value === '') return { ok: false, problem: 'empty' };
  if (value.length > MAX_VALUE) return { ok: false, problem: 'too-long' };
  if (BARE.test(value)) return { ok: true, text: value };
  if (value.includes('"') || value.includes('\\')) return { ok: false, problem: 'quote' };
  return { ok: true, text: `"${value}"` };
}

/** Instance, script and router names: written bare, so they must be plain identifiers. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;
/** Linux interface names as keepalived accepts them on `interface` and `dev`. */
const INTERFACE = /^[A-Za-z0-9_][A-Za-z0-9_.@-]*$/;

export type NameResult = { ok: true } | { ok: false; problem: 'control' | 'invalid' };

export function checkName(value: string, kind: 'name' | 'interface' = 'name'): NameResult {
  if (CONTROL.test(value)) return { ok: false, problem: 'control' };
  return (kind === 'name' ? NAME : INTERFACE).test(value) && value.length <= 64 ? { ok: true } : { ok: false, problem: 'invalid' };
}

/** A raw line must not open or close more blocks than it closes or opens, or it would swallow the rest of the file. */
export function bracesBalanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '#' || ch === '!') break;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) return false;
  }
  return depth === 0 && !quoted;
}
