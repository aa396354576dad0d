/** POSIX-style path helpers for the pure core (no node:path). Paths are '/'-separated. */

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return path.slice(0, i);
}

export function basename(path: string, ext?: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

export function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/** Resolves `spec` relative to the file `from` (not its directory). */
export function resolveRelative(from: string, spec: string): string {
  if (spec.startsWith('/')) return normalize(spec);
  return normalize(`${dirname(from)}/${spec}`);
}
