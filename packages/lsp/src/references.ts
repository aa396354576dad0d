/**
 * Find references. A name's occurrences are gathered from this document's analysis and from every open document
 * that reads the file the name is declared in (so references in a file that imports this one are found too).
 */
import type { Location } from 'vscode-languageserver';
import { spanKey } from './convert.ts';
import type { Occurrence } from './names.ts';
import type { Analysis, Workspace } from './workspace.ts';

export interface FoundOccurrence {
  occurrence: Occurrence;
  /** The analysis whose sources hold the occurrence's file. */
  analysis: Analysis;
}

export function relatedOccurrences(workspace: Workspace, analysis: Analysis, occurrence: Occurrence): FoundOccurrence[] {
  const declarations = analysis.names().byKey(occurrence.key).filter((o) => o.declaration);
  const files = new Set([analysis.path, ...declarations.map((d) => d.span.file)]);
  const analyses = [analysis, ...workspace.analyzeAll().filter((a) => a !== analysis && [...files].some((f) => a.result.files.has(f)))];
  const found = new Map<string, FoundOccurrence>();
  for (const a of analyses) {
    for (const o of a.names().byKey(occurrence.key)) {
      const key = spanKey(o.span);
      if (!found.has(key)) found.set(key, { occurrence: o, analysis: a });
    }
  }
  return [...found.values()];
}

export function references(workspace: Workspace, analysis: Analysis, offset: number, includeDeclaration: boolean): Location[] {
  const occurrence = analysis.names().at(analysis.path, offset);
  if (!occurrence) return [];
  return relatedOccurrences(workspace, analysis, occurrence)
    .filter((o) => includeDeclaration || !o.occurrence.declaration)
    .map((o) => o.analysis.sources.location(o.occurrence.span));
}
