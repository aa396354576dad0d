/** Line tables for the files a run has read, built on first use; shared by the text and JSON formatters. */
import { SourceText, type Position, type Span } from '../diagnostics/diagnostic.ts';

export class SourceSet {
  private readonly texts = new Map<string, string>();
  private readonly tables = new Map<string, SourceText>();

  add(files: ReadonlyMap<string, string>): void {
    for (const [path, text] of files) this.texts.set(path, text);
  }

  get fileCount(): number {
    return this.texts.size;
  }

  source(file: string): SourceText | undefined {
    let table = this.tables.get(file);
    if (table === undefined) {
      const text = this.texts.get(file);
      if (text === undefined) return undefined;
      table = new SourceText(file, text);
      this.tables.set(file, table);
    }
    return table;
  }

  /** 1-based start and end (end is the position just after the last character) of a span; 1:1 if the file is unknown. */
  range(span: Span): { start: Position; end: Position } {
    const table = this.source(span.file);
    if (table === undefined) return { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
    return { start: table.position(span.start), end: table.position(span.end) };
  }
}
