/**
 * Checks a block body against the schema (unknown, misplaced, repeated, wrongly-sized and missing directives) and
 * hands each valid directive to the block's handler. Builders only interpret arguments.
 */
import type { RawLine } from '../../model/model.ts';
import { closest } from '../../util/suggest.ts';
import type { Reporter } from '../report.ts';
import { SCHEMA, blocksAllowing, isBlockKind, type BlockKind, type DirectiveSpec } from '../schema.ts';
import type { Decl, EvalValue } from '../values.ts';
import { Args } from './args.ts';

export type Handler = (decl: Decl) => void;

/** Per block kind, its required directives in schema order (the schema is fixed, so this is worked out once). */
const REQUIRED = new Map<BlockKind, [string, DirectiveSpec][]>();

function requiredDirectives(kind: BlockKind): [string, DirectiveSpec][] {
  let required = REQUIRED.get(kind);
  if (!required) REQUIRED.set(kind, (required = Object.entries(SCHEMA[kind].directives).filter(([, d]) => d.required)));
  return required;
}

export function walkBody(kind: BlockKind, block: Decl, handlers: Record<string, Handler>, reporter: Reporter): void {
  const spec = SCHEMA[kind];
  const seen = new Map<string, Decl>();
  for (const decl of block.body ?? []) {
    const directive = spec.directives[decl.keyword];
    if (!directive) {
      reportMisplaced(kind, decl, reporter);
      continue;
    }
    if (decl.body) {
      reporter.report('LB1021', decl.keywordSpan, `'${decl.keyword}' is a setting and takes no { } block. Write its arguments on one line.`);
      continue;
    }
    const first = seen.get(decl.keyword);
    if (first && !directive.repeatable) {
      reporter.report(
        'LB1009', decl.keywordSpan, `'${decl.keyword}' is already set in this ${kind} block. Remove one of them.`,
        [{ span: first.span, message: `first '${decl.keyword}' here` }],
      );
      continue;
    }
    if (!first) seen.set(decl.keyword, decl);
    if (!arityOk(decl, directive.groups, directive.min, directive.max, directive.syntax, reporter)) continue;
    const handler = handlers[decl.keyword];
    if (handler) handler(decl);
    else reporter.report('LB1002', decl.keywordSpan, `'${decl.keyword}' is not supported in a ${kind} block yet.`);
  }
  for (const [name, directive] of requiredDirectives(kind)) {
    if (!seen.has(name)) {
      reporter.report('LB1007', block.keywordSpan, `This ${kind} block needs '${name}' (${name} ${directive.syntax}).`, undefined, { missing: name });
    }
  }
}

function reportMisplaced(kind: BlockKind, decl: Decl, reporter: Reporter): void {
  if (decl.body && isBlockKind(decl.keyword)) {
    reporter.report('LB1021', decl.keywordSpan, `A ${decl.keyword} block cannot be inside a ${kind} block. Move it to the top level.`);
    return;
  }
  const elsewhere = blocksAllowing(decl.keyword);
  if (elsewhere.length > 0) {
    reporter.report(
      'LB1021', decl.keywordSpan,
      `'${decl.keyword}' is not allowed in a ${kind} block; it belongs in ${elsewhere.join(' or ')}.`,
      undefined, { allowedIn: elsewhere },
    );
    return;
  }
  const candidates = Object.keys(SCHEMA[kind].directives);
  const suggestion = closest(decl.keyword, candidates);
  reporter.report(
    'LB1002', decl.keywordSpan,
    `Unknown setting '${decl.keyword}' in ${kind}.${suggestion ? ` Did you mean '${suggestion}'?` : ` Valid here: ${candidates.join(', ')}.`}`,
    undefined, suggestion ? { suggestion } : undefined,
  );
}

/** Checks group count and group sizes; reports LB1008 and returns false when they do not fit. */
export function arityOk(decl: Decl, groups: 'one' | 'list', min: number, max: number | undefined, syntax: string, reporter: Reporter): boolean {
  const list = decl.groups.length === 0 ? NO_GROUPS : decl.groups;
  if (groups === 'one' && list.length > 1) {
    reporter.report('LB1008', list[1][0]?.span ?? decl.span, `'${decl.keyword}' takes one list of arguments, without commas: ${usage(decl, syntax)}.`);
    return false;
  }
  for (const group of list) {
    if (group.length < min) {
      reporter.report('LB1008', decl.span, `'${decl.keyword}' needs ${min === 1 ? 'an argument' : `at least ${min} arguments`}: ${usage(decl, syntax)}.`);
      return false;
    }
    if (max !== undefined && group.length > max) {
      const extra = group[max];
      reporter.report(
        'LB1008', { ...extra.span, end: group[group.length - 1].span.end },
        max === 0 ? `'${decl.keyword}' takes no arguments. Remove them.` : `Too many arguments for '${decl.keyword}': ${usage(decl, syntax)}.`,
      );
      return false;
    }
  }
  return true;
}

/** How a directive is written, for messages (built on failure only, not for every directive). */
function usage(decl: Decl, syntax: string): string {
  return `${decl.keyword}${syntax ? ` ${syntax}` : ''}`;
}

/** A directive written without arguments has one empty group. */
const NO_GROUPS: readonly (readonly EvalValue[])[] = [[]];

/** The first group of a directive (most directives have exactly one). */
export function args(decl: Decl, reporter: Reporter, group = 0): Args {
  return new Args(decl.groups[group] ?? [], reporter, decl.keyword, decl.span);
}

/** `raw "TEXT"`: passed through verbatim, reported as info so it is never silent. */
export function rawLine(decl: Decl, reporter: Reporter): RawLine | undefined {
  const text = args(decl, reporter).text('the line to pass through, as a string');
  if (text === undefined) return undefined;
  reporter.report('LB1016', decl.span, 'This line is passed to the output verbatim; lb does not check it. Prefer a typed setting when one exists.');
  return { text, span: decl.span };
}
