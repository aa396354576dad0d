/**
 * What the pure core needs from its environment, passed in explicitly so the same code runs on Node, Deno,
 * in the language server (open documents) and in tests (in-memory files).
 */
export interface FileSystem {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
}

export interface CompileOptions {
  fs: FileSystem;
  /** Environment for `env(...)`; the CLI passes the process environment, tests pass a fixed map. */
  env?: Record<string, string | undefined>;
}

/** A FileSystem over a plain map, for tests, the language server and the browser. */
export function memoryFileSystem(files: Record<string, string>): FileSystem {
  return { readFile: (path) => (Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined) };
}
