/**
 * What the pure core needs from its environment, passed in explicitly so the same code runs on Node, Deno,
 * in the language server (open documents) and in tests (in-memory files).
 */
import type { ProjectConfig } from '../config/project-config.ts';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.ts';
import type { EvalValue } from '../semantics/values.ts';
import type { SourceFile } from '../syntax/ast.ts';

export interface FileSystem {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
}

export interface CompileOptions {
  fs: FileSystem;
  /** Environment for `env(...)`; the CLI passes the process environment, tests pass a fixed map. */
  env?: Record<string, string | undefined>;
  /** Editors only (the language server's hover and inlay hints): told each value bound to a name by `let`, `for`
   *  or a function parameter, with the span of the name. The compiler itself never sets it. */
  onBind?: (nameSpan: Span, value: EvalValue) => void;
  /** Editors only: given the syntax tree of each file as it is read, so the editor does not parse it again. */
  onParse?: (path: string, ast: SourceFile) => void;
  /** Editors only: parses through the editor's cache (e.g. reusing the unchanged blocks of the previous version).
   *  Must return what `parse(text, file)` returns; defaults to `parse`. */
  parse?: (text: string, file: string) => { ast: SourceFile; diagnostics: Diagnostic[] };
  /** Rule settings to use instead of looking for `lb.json` (the language server passes the one it watches). */
  config?: ProjectConfig;
  /** Absolute directory that relative paths are relative to; lets the `lb.json` search go above it (else it stops at '.'). */
  cwd?: string;
}

/** A FileSystem over a plain map, for tests, the language server and the browser. */
export function memoryFileSystem(files: Record<string, string>): FileSystem {
  return { readFile: (path) => (Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined) };
}
