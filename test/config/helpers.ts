/** Shared setup for the config tests: a small program with known findings, checked over an in-memory file system. */
import { check, type CheckResult } from '../../packages/dsl/src/api/compile.ts';
import { memoryFileSystem, type CompileOptions } from '../../packages/dsl/src/api/host.ts';
import { SourceText, type Diagnostic } from '../../packages/dsl/src/diagnostics/diagnostic.ts';

export const DEFAULTS = `defaults {
  mode http
  timeout connect 5s, client 30s, server 30s
}
`;

export function run(files: Record<string, string>, entry = 'input.lb', options: Partial<CompileOptions> = {}): CheckResult {
  return check(entry, { fs: memoryFileSystem(files), env: {}, ...options });
}

/** `CODE@line` of every diagnostic (line of its start), in order, for compact assertions. */
export function where(result: CheckResult): string[] {
  return result.diagnostics.map((d) => `${d.code}@${lineOf(result, d)}`);
}

export function lineOf(result: CheckResult, d: Diagnostic): number {
  return new SourceText(d.span.file, result.files.get(d.span.file) ?? '').position(d.span.start).line;
}

export function spanText(result: CheckResult, d: Diagnostic): string {
  return (result.files.get(d.span.file) ?? '').slice(d.span.start, d.span.end);
}

export function only(result: CheckResult, code: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.code === code);
}
