/** Formatting through lb's formatter (`lb fmt`): one edit replacing the whole document, or none. */
import { format } from '@lb/dsl';
import type { TextEdit } from 'vscode-languageserver';
import type { Analysis } from './workspace.ts';

export function formatDocument(analysis: Analysis): TextEdit[] {
  const result = format(analysis.text, analysis.path);
  // A file with syntax errors is left as written (the diagnostics already say why).
  if (!result.changed || result.diagnostics.length > 0) return [];
  const end = analysis.sources.position(analysis.path, analysis.text.length);
  return [{ range: { start: { line: 0, character: 0 }, end }, newText: result.text }];
}
