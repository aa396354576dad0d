/** The model as stable JSON for golden files: spans compacted to "file:start-end"; secrets print as "<secret>". */
import type { Model } from '../../packages/dsl/src/model/model.ts';

function isSpan(v: unknown): v is { file: string; start: number; end: number } {
  if (!v || typeof v !== 'object') return false;
  const keys = Object.keys(v);
  return keys.length === 3 && 'file' in v && 'start' in v && 'end' in v;
}

export function modelJson(model: Model): string {
  return JSON.stringify(model, (_key, value) => (isSpan(value) ? `${value.file}:${value.start}-${value.end}` : value), 2) + '\n';
}
