/**
 * String literals: finding where one ends (nested `${ "..." }` included) and splitting its text into literal pieces
 * (escapes decoded) and the source ranges of `${...}` interpolations. Parsing those ranges is the parser's job.
 */

/** Index just past the closing quote of the string starting at `start` (a `"`), or -1 if the line ends first. */
export function scanString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) return i + 1;
    if (c === 10 /* \n */) return -1;
    if (c === 92 /* \ */) {
      if (i + 1 >= text.length || text.charCodeAt(i + 1) === 10) return -1;
      i += 2;
      continue;
    }
    if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      i = scanInterpolation(text, i + 2);
      if (i < 0) return -1;
      continue;
    }
    i++;
  }
  return -1;
}

/** Index just past the `}` closing an interpolation whose body starts at `start`, or -1. */
export function scanInterpolation(text: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = scanString(text, i);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    if (c === 10) return -1;
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i + 1;
    i++;
  }
  return -1;
}

/** An interpolation's expression source: `text.slice(start, end)` of the whole file. */
export interface InterpolationSource {
  start: number;
  end: number;
}

export interface StringProblem {
  code: 'LB0004' | 'LB0005';
  start: number;
  end: number;
  message: string;
}

export interface SplitString {
  parts: (string | InterpolationSource)[];
  problems: StringProblem[];
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', $: '$', t: '\t', n: '\n' };

/**
 * Splits the complete string token `text.slice(start, end)` (quotes included). Offsets in the result are offsets
 * into `text`, so interpolated expressions keep their real positions.
 */
export function splitString(text: string, start: number, end: number): SplitString {
  const parts: (string | InterpolationSource)[] = [];
  const problems: StringProblem[] = [];
  let literal = '';
  let i = start + 1;
  const stop = end - 1;
  while (i < stop) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      const decoded = ESCAPES[next];
      if (decoded === undefined) {
        problems.push({
          code: 'LB0005',
          start: i,
          end: i + 2,
          message: `unknown escape '\\${next}' in a string; use \\" \\\\ \\$ \\t or \\n (write '\\\\' for a backslash)`,
        });
        literal += next;
      } else literal += decoded;
      i += 2;
    } else if (c === '$' && text[i + 1] === '{') {
      const close = scanInterpolation(text, i + 2);
      if (close < 0 || close > stop) {
        // scanString accepted the token, so this cannot happen; stay total anyway.
        problems.push({ code: 'LB0004', start: i, end: stop, message: "'${' is not closed: add '}' after the expression" });
        break;
      }
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push({ start: i + 2, end: close - 1 });
      i = close;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal !== '' || parts.length === 0) parts.push(literal);
  return { parts, problems };
}

/** For a string that runs to the end of the line: true when an unclosed `${` (not a missing quote) is the cause. */
export function hasUnclosedInterpolation(text: string, start: number, end: number): boolean {
  let i = start + 1;
  while (i < end) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '$' && text[i + 1] === '{') {
      const close = scanInterpolation(text, i + 2);
      if (close < 0 || close > end) return true;
      i = close;
    } else i++;
  }
  return false;
}
