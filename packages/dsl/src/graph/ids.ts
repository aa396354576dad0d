/**
 * Node and group IDs: ASCII letters, digits and `_` only, so they need no quoting in Mermaid and cannot collide with
 * its keywords (every ID starts with a kind prefix such as `fe_`). Sanitizing can map two names to the same text
 * (`a-b` and `a.b`), so a repeat gets `_2`, `_3`...; allocation order is declaration order, so IDs are stable.
 */
export class IdAllocator {
  readonly #taken = new Set<string>();

  allocate(wanted: string): string {
    const base = sanitizeId(wanted);
    let id = base;
    for (let i = 2; this.#taken.has(id); i++) id = `${base}_${i}`;
    this.#taken.add(id);
    return id;
  }
}

/** Long enough to stay recognisable, short enough that a hostile name cannot make every line huge. */
const MAX_ID_LENGTH = 48;

export function sanitizeId(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9]+/g, '_').slice(0, MAX_ID_LENGTH).replace(/^_+|_+$/g, '');
  return cleaned === '' ? 'x' : cleaned;
}
