/** "Run" and "Preview" above each top-level block. */
import type { CodeLens } from 'vscode-languageserver';
import { COMMANDS } from './commands.ts';
import type { Analysis } from './workspace.ts';

export function codeLenses(analysis: Analysis): CodeLens[] {
  const ast = analysis.ast(analysis.path);
  if (!ast) return [];
  const lenses: CodeLens[] = [];
  for (const item of ast.items) {
    if (item.kind !== 'Block') continue;
    const range = analysis.sources.range(item.keyword.span);
    lenses.push({ range, command: { title: 'Run', command: COMMANDS.run, arguments: [analysis.uri] } });
    lenses.push({ range, command: { title: 'Preview', command: COMMANDS.preview, arguments: [analysis.uri] } });
  }
  return lenses;
}
