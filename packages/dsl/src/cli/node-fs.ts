/** The core's FileSystem over node:fs (also what Deno's node compatibility provides for the ESM bundle). */
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import type { FileSystem } from '../api/host.ts';

export const nodeFileSystem: FileSystem = {
  readFile(path: string): string | undefined {
    try {
      // A leading byte-order mark is not part of the program.
      return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    } catch {
      return undefined;
    }
  },
};

/** Why a command-line FILE cannot be used, or undefined when it is a readable file. */
export function unreadableReason(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'is a directory';
    readFileSync(path);
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EACCES') return 'permission denied';
    return code ?? String(error);
  }
}

/** Appends text to a file (created if missing); the reason on failure, undefined on success. */
export function appendText(path: string, text: string): string | undefined {
  try {
    appendFileSync(path, text);
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
