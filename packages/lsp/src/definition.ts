/** Go to definition: a name's declarations (across imports); an import's path opens the imported file. */
import type { Location } from 'vscode-languageserver';
import { containsOffset } from './convert.ts';
import { pathToUri } from './paths.ts';
import { relatedOccurrences } from './references.ts';
import type { Analysis, Workspace } from './workspace.ts';

export function definition(workspace: Workspace, analysis: Analysis, offset: number): Location[] {
  const index = analysis.names();
  const imported = index.imports.find((i) => i.span.file === analysis.path && containsOffset(i.span, offset));
  if (imported) {
    return analysis.result.files.has(imported.path) ? [{ uri: pathToUri(imported.path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : [];
  }
  const occurrence = index.at(analysis.path, offset);
  if (!occurrence) return [];
  return relatedOccurrences(workspace, analysis, occurrence)
    .filter((o) => o.occurrence.declaration)
    .map((o) => o.analysis.sources.location(o.occurrence.span));
}
