/** Where a frontend sends traffic, as several checks need it. */
import type { Frontend } from '../model/model.ts';

/** The backend names a frontend routes to (its default first, then its routes), each once. */
export function routedBackendNames(f: Frontend): Set<string> {
  const names = new Set<string>();
  if (f.defaultBackend) names.add(f.defaultBackend.name);
  for (const r of f.routes) names.add(r.backend.name);
  return names;
}
