/**
 * HAProxy word quoting, following the "safe emitter policy" of domain.md §3.1: a bare token when it cannot be
 * misread, else strong (single) quotes, else weak (double) quotes with `\`, `"` and `$` escaped so nothing is
 * expanded. Values that no quoting can make safe (control characters, empty words) are detected here and refused
 * by the caller.
 */

const BARE = /^[A-Za-z0-9_.:\/@,=*%+-]+$/;

/** Names of proxies, servers, ACLs and defaults sections as HAProxy accepts them. */
export const NAME = /^[A-Za-z0-9_.:-]+$/;

/** Any C0 control character or DEL: a line break would start a new statement, NUL is fatal to the parser. */
const CONTROL = /[\u0000-\u001f\u007f]/;

const CONTROL_NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x09: 'tab',
  0x0a: 'line feed',
  0x0d: 'carriage return',
};

/** Describes the first control character in `value` (e.g. "a line feed (U+000A)"), or undefined when there is none. */
export function findControlCharacter(value: string): string | undefined {
  const m = CONTROL.exec(value);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CONTROL_NAMES[code];
  return name ? `a ${name} (${hex})` : `the control character ${hex}`;
}

export function isValidName(name: string): boolean {
  return NAME.test(name);
}

/** One HAProxy word for `value`. The value must be non-empty and free of control characters (checked by the caller). */
export function quoteWord(value: string): string {
  if (BARE.test(value)) return value;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}
