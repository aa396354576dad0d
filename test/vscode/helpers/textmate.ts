/**
 * A small TextMate tokenizer for testing the lb grammar with JavaScript RegExps: `match` rules with captures,
 * `begin`/`end` rules that span lines, `include` of `#name` and `$self`, and the TextMate choice among patterns
 * (the earliest match wins; on a tie the end pattern, then the first listed). Enough to check what scope the real
 * tokenizer (vscode-textmate with Oniguruma) gives each token of the examples, as long as the grammar sticks to
 * regex features both engines share.
 */

export interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Record<string, { name?: string }>;
  beginCaptures?: Record<string, { name?: string }>;
  endCaptures?: Record<string, { name?: string }>;
  patterns?: Rule[];
  include?: string;
}

export interface Grammar {
  scopeName: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

export interface Token {
  line: number;
  start: number;
  text: string;
  scopes: string[];
}

const compiled = new Map<string, RegExp>();
/** The 'u' flag makes JavaScript refuse escapes it does not know (Oniguruma's \h, for example) instead of ignoring them. */
export function compile(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, 'gdu');
    compiled.set(source, re);
  }
  return re;
}

function expand(grammar: Grammar, patterns: readonly Rule[], seen = new Set<Rule>()): Rule[] {
  const out: Rule[] = [];
  for (const p of patterns) {
    if (p.include === undefined) {
      if (p.match !== undefined || p.begin !== undefined) out.push(p);
      else if (p.patterns) out.push(...expand(grammar, p.patterns, seen));
      continue;
    }
    const target = p.include === '$self' || p.include === '$base' ? ({ patterns: grammar.patterns } as Rule) : grammar.repository[p.include.replace(/^#/, '')];
    if (!target) throw new Error(`unknown include ${p.include}`);
    if (seen.has(target)) continue;
    seen.add(target);
    if (target.match !== undefined || target.begin !== undefined) out.push(target);
    else out.push(...expand(grammar, target.patterns ?? [], seen));
    seen.delete(target);
  }
  return out;
}

interface Frame {
  rule: Rule;
  scopes: string[];
}

export function tokenize(grammar: Grammar, text: string): Token[] {
  const tokens: Token[] = [];
  const stack: Frame[] = [{ rule: { patterns: grammar.patterns }, scopes: [grammar.scopeName] }];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, lineNo) => {
    let pos = 0;
    const emit = (start: number, end: number, scopes: string[]) => {
      if (end > start) tokens.push({ line: lineNo, start, text: line.slice(start, end), scopes });
    };
    const emitCaptured = (m: RegExpExecArray, scopes: string[], captures: Rule['captures']) => {
      const start = m.index;
      const end = start + m[0].length;
      const indices = m.indices!;
      const spans: { s: number; e: number; name: string }[] = [];
      for (const [key, cap] of Object.entries(captures ?? {})) {
        const range = indices[Number(key)];
        if (!range || !cap.name) continue;
        if (key === '0') scopes = [...scopes, cap.name];
        else spans.push({ s: range[0], e: range[1], name: cap.name });
      }
      spans.sort((a, b) => a.s - b.s);
      let at = start;
      for (const span of spans) {
        if (span.s < at) continue; // nested captures are not needed by the lb grammar
        emit(at, span.s, scopes);
        emit(span.s, span.e, [...scopes, span.name]);
        at = span.e;
      }
      emit(at, end, scopes);
    };
    for (let guard = 0; guard <= line.length * 4 + 10; guard++) {
      const frame = stack[stack.length - 1];
      const candidates = expand(grammar, frame.rule.patterns ?? []);
      let best: { m: RegExpExecArray; rule: Rule | 'end' } | undefined;
      const consider = (source: string, rule: Rule | 'end') => {
        const re = compile(source);
        re.lastIndex = pos;
        const m = re.exec(line);
        if (m && (!best || m.index < best.m.index)) best = { m, rule };
      };
      if (frame.rule.end !== undefined) consider(frame.rule.end, 'end');
      for (const rule of candidates) consider((rule.match ?? rule.begin)!, rule);
      if (!best) break;
      const { m, rule } = best;
      if (m.index >= line.length && m[0].length === 0 && rule !== 'end') break;
      const content = frame.rule.contentName ? [...frame.scopes, frame.rule.contentName] : frame.scopes;
      emit(pos, m.index, content);
      const end = m.index + m[0].length;
      if (rule === 'end') {
        emitCaptured(m, frame.scopes, frame.rule.endCaptures ?? frame.rule.captures);
        stack.pop();
      } else if (rule.begin !== undefined) {
        const scopes = rule.name ? [...content, rule.name] : content;
        emitCaptured(m, scopes, rule.beginCaptures ?? rule.captures);
        stack.push({ rule, scopes });
      } else {
        emitCaptured(m, rule.name ? [...content, rule.name] : content, rule.captures);
      }
      // A rule that matched nothing and did not change the stack would match again at the same place.
      const stuck = end === pos && rule !== 'end' && rule.begin === undefined;
      if (stuck) emit(pos, pos + 1, content);
      pos = stuck ? pos + 1 : end;
      if (pos > line.length) break;
    }
    const frame = stack[stack.length - 1];
    if (pos < line.length) emit(pos, line.length, frame.rule.contentName ? [...frame.scopes, frame.rule.contentName] : frame.scopes);
  });
  return tokens;
}

/** The innermost scope of the token at `column` of `line` (0-based). */
export function scopeAt(tokens: readonly Token[], line: number, column: number): string[] {
  const token = tokens.find((t) => t.line === line && t.start <= column && column < t.start + t.text.length);
  return token?.scopes ?? [];
}
