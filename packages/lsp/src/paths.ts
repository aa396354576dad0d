/** file:// URIs <-> the plain paths lb's core uses as file names. */
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  // Untitled buffers and other schemes keep their URI as the "path": imports from them resolve to nothing.
  return uri;
}

export function pathToUri(path: string): string {
  return path.startsWith('/') ? pathToFileURL(path).href : path;
}
