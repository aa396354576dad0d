/**
 * Rename a declared name or a variable everywhere it is written, across imports. Occurrences whose text is not the
 * plain name (a name computed by an expression, `"web${i}"`) cannot be renamed textually and are left alone; a
 * quoted name (`"app"`) keeps its quotes.
 */
import { ResponseError, ErrorCodes, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { pathToUri } from './paths.ts';
import { relatedOccurrences, type FoundOccurrence } from './references.ts';
import type { Analysis, Workspace } from './workspace.ts';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED = new Set(['let', 'fn', 'for', 'in', 'if', 'else', 'import', 'true', 'false']);

export function prepareRename(analysis: Analysis, offset: number): { range: Range; placeholder: string } | null {
  const occurrence = analysis.names().at(analysis.path, offset);
  if (!occurrence) return null;
  const edit = editFor({ occurrence, analysis }, occurrence.name);
  if (!edit) return null;
  return { range: edit.range, placeholder: occurrence.name };
}

export function rename(workspace: Workspace, analysis: Analysis, offset: number, newName: string): WorkspaceEdit | ResponseError<void> {
  const occurrence = analysis.names().at(analysis.path, offset);
  if (!occurrence) return new ResponseError(ErrorCodes.InvalidRequest, 'Nothing to rename here: put the cursor on a declared name or a variable.');
  if (!IDENTIFIER.test(newName) || RESERVED.has(newName)) {
    return new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a valid name: use letters, digits, '_' and '-', starting with a letter or '_', and not a reserved word.`);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const found of relatedOccurrences(workspace, analysis, occurrence)) {
    const edit = editFor(found, newName);
    if (!edit) continue;
    const uri = pathToUri(found.occurrence.span.file);
    (changes[uri] ??= []).push(edit);
  }
  return { changes };
}

function editFor(found: FoundOccurrence, newText: string): TextEdit | undefined {
  const { occurrence, analysis } = found;
  const written = analysis.sources.slice(occurrence.span);
  let span = occurrence.span;
  if (written === `"${occurrence.name}"`) span = { ...span, start: span.start + 1, end: span.end - 1 };
  else if (written !== occurrence.name) return undefined;
  return { range: analysis.sources.range(span), newText };
}
