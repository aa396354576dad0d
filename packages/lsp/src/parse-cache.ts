/**
 * One syntax tree per file, kept across edits: a new version of a file is parsed by `parseIncremental` from the
 * previous one, so a keystroke re-parses the top-level items it touched instead of the whole file. Every analysis,
 * completion and syntax feature reads its trees from here.
 */
import { parseIncremental, type ParsedText, type ParseResult } from '@lb/dsl';

export class ParseCache {
  private readonly latest = new Map<string, ParsedText>();

  /** What `parse(text, file)` returns, reusing the previous version of `file` when there is one. */
  parse(text: string, file: string): ParseResult {
    const previous = this.latest.get(file);
    if (previous && previous.text === text) return previous.result;
    const result = parseIncremental(previous, text, file);
    this.latest.set(file, { text, file, result });
    return result;
  }

  forget(file: string): void {
    this.latest.delete(file);
  }
}
