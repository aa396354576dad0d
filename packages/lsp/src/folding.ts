/** Folding ranges: every block, function, loop and branch that spans lines, and runs of comment lines. */
import { lexComments } from '@lb/dsl';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { allItems } from './syntax-walk.ts';
import type { Analysis } from './workspace.ts';

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const ast = analysis.ast(analysis.path);
  if (!ast) return [];
  const s = analysis.sources;
  const out: FoldingRange[] = [];
  for (const item of allItems(ast.items)) {
    if (item.kind !== 'Block' && item.kind !== 'Fn' && item.kind !== 'For' && item.kind !== 'If') continue;
    const start = s.position(analysis.path, item.span.start).line;
    let end = s.position(analysis.path, item.span.end).line;
    // Keep the closing `}` visible.
    if (analysis.text[item.span.end - 1] === '}') end -= 1;
    if (end > start) out.push({ startLine: start, endLine: end });
  }
  let runStart = -1;
  let runEnd = -1;
  const flush = () => {
    if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
  };
  for (const c of lexComments(analysis.text)) {
    const line = s.position(analysis.path, c.start).line;
    const own = analysis.text.slice(analysis.text.lastIndexOf('\n', c.start - 1) + 1, c.start).trim() === '';
    if (!own) continue;
    if (line === runEnd + 1) runEnd = line;
    else {
      flush();
      runStart = runEnd = line;
    }
  }
  flush();
  return out;
}
