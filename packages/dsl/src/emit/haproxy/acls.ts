/**
 * Route and deny conditions as ACLs: one named ACL per condition (`route1_path`, `deny2_src`), so the rule that uses
 * them reads like the source (`use_backend api if route1_path !route1_src`).
 */
import type { Condition, MatchKind } from '../../model/model.ts';
import { cidrText } from '../../model/values.ts';
import type { Span } from '../../diagnostics/diagnostic.ts';
import { header, value, type HaproxyContext, type RenderedLine, type Word } from './context.ts';

const PATH_FETCH: Record<MatchKind, string> = {
  exact: 'path', prefix: 'path_beg', suffix: 'path_end', contains: 'path_sub', regex: 'path_reg', dir: 'path_dir',
};
const HEADER_FETCH: Record<MatchKind, string> = {
  exact: 'hdr', prefix: 'hdr_beg', suffix: 'hdr_end', contains: 'hdr_sub', regex: 'hdr_reg', dir: 'hdr_dir',
};
const SHORT_KIND: Record<Condition['kind'], string> = { path: 'path', host: 'host', header: 'hdr', method: 'method', source: 'src' };

/** HAProxy allows at most 64 words on a line; longer value lists are split over several lines of the same ACL
 *  (repeated ACL lines are OR-ed, exactly like several values on one line). */
const VALUES_PER_LINE = 50;

/** The criterion words (fetch and flags) and the pattern values of one condition. */
function criterion(c: Condition): { fetch: Word[]; values: string[]; what: string } {
  switch (c.kind) {
    case 'path':
      return { fetch: [PATH_FETCH[c.match]], values: c.values, what: 'path pattern' };
    case 'host':
      return { fetch: [`${HEADER_FETCH[c.match]}(host)`, '-i'], values: c.values, what: 'host pattern' };
    case 'header':
      if (c.match === 'present') return { fetch: [header(c.name, 'header name', (h) => `req.hdr_cnt(${h})`), 'gt'], values: ['0'], what: 'header count' };
      return { fetch: [header(c.name, 'header name', (h) => `${HEADER_FETCH[c.match as MatchKind]}(${h})`)], values: c.values, what: `${c.name} header pattern` };
    case 'method':
      return { fetch: ['method'], values: c.values, what: 'HTTP method' };
    case 'source':
      return { fetch: ['src'], values: c.cidrs.map(cidrText), what: 'source network' };
  }
}

/**
 * Writes the ACLs of one rule (`prefix` is e.g. `route1`) and returns the words of its condition, e.g.
 * `['route1_path', '!route1_src']`; undefined, writing nothing, when an ACL cannot be written (the rule must then
 * be skipped too, or HAProxy would refuse a reference to a missing ACL).
 */
export function writeAcls(ctx: HaproxyContext, prefix: string, conditions: Condition[]): string[] | undefined {
  const refs: string[] = [];
  const lines: { line: RenderedLine; span: Span }[] = [];
  const used = new Map<string, number>();
  let ok = true;
  for (const c of conditions) {
    const kind = SHORT_KIND[c.kind];
    const n = (used.get(kind) ?? 0) + 1;
    used.set(kind, n);
    const aclName = n === 1 ? `${prefix}_${kind}` : `${prefix}_${kind}${n}`;
    const { fetch, values, what } = criterion(c);
    if (values.length === 0) {
      ctx.checkValue('', what, c.span);
      ok = false;
      continue;
    }
    // A pattern starting with '-' would be read as a flag; '--' ends the flags.
    const endOfFlags: Word[] = values.some((v) => v.startsWith('-')) ? ['--'] : [];
    for (let i = 0; i < values.length; i += VALUES_PER_LINE) {
      const patterns = values.slice(i, i + VALUES_PER_LINE).map((v) => value(v, what));
      const line = ctx.render(c.span, ['acl', aclName, ...fetch, ...endOfFlags, ...patterns]);
      if (line) lines.push({ line, span: c.span });
      else ok = false;
    }
    refs.push(c.negate ? `!${aclName}` : aclName);
  }
  // All or nothing: a rule whose ACLs are only partly written is skipped, and so are its ACLs.
  if (!ok) return undefined;
  for (const { line, span } of lines) ctx.write(line, span, 1);
  return refs;
}
