/**
 * How lb's defaults semantics map onto HAProxy's. lb: the unnamed `defaults` applies to every proxy, and a named one
 * adds to / overrides it for the proxies that say `from NAME`. HAProxy: a proxy uses the last `defaults` section
 * above it, or the one it names with `from`. The scheme: every unnamed `defaults` is merged into one section
 * `defaults base`, every named one becomes `defaults NAME from base`, and every proxy says `from` explicitly, so
 * nothing depends on section order and HAProxy never sees a defaults section used both implicitly and explicitly.
 */
import type { Defaults, Mode, Ref } from '../../model/model.ts';

export interface DefaultsPlan {
  /** Name of the merged unnamed section; undefined when the file has no defaults section at all. */
  baseName?: string;
  /** Unnamed defaults blocks, declaration order (later ones override earlier ones). */
  base: Defaults[];
  /** Named defaults used by a proxy of this file, declaration order, first declaration of each name. */
  named: Defaults[];
}

/** `usedNames`: the `from` names of the proxies emitted into this file. */
export function planDefaults(all: Defaults[], usedNames: Set<string>): DefaultsPlan {
  const base = all.filter((d) => d.name === undefined);
  const named: Defaults[] = [];
  const seen = new Set<string>();
  for (const d of all) {
    if (d.name === undefined || seen.has(d.name) || !usedNames.has(d.name)) continue;
    seen.add(d.name);
    named.push(d);
  }
  if (base.length === 0 && named.length === 0) return { base, named };
  // Users cannot write '.' in an identifier, but a name may come from a string: avoid any collision.
  const taken = new Set(all.flatMap((d) => (d.name === undefined ? [] : [d.name])));
  let baseName = 'base';
  for (let i = 2; taken.has(baseName); i++) baseName = `base${i}`;
  return { baseName, base, named };
}

/** The defaults blocks a proxy inherits from, most specific first. */
export function chainOf(plan: DefaultsPlan, from: Ref | undefined): Defaults[] {
  const own = from === undefined ? undefined : plan.named.find((d) => d.name === from.name);
  return [...(own ? [own] : []), ...[...plan.base].reverse()];
}

/** The name to write after `from` for a proxy, or undefined when the file has no defaults. */
export function fromName(plan: DefaultsPlan, from: Ref | undefined): string | undefined {
  if (from !== undefined && plan.named.some((d) => d.name === from.name)) return from.name;
  return plan.baseName;
}

/** The first value `pick` finds along the chain, with the block that provided it. */
export function inherit<T>(chain: Defaults[], pick: (d: Defaults) => T | undefined): { value: T; from: Defaults } | undefined {
  for (const d of chain) {
    const value = pick(d);
    if (value !== undefined) return { value, from: d };
  }
  return undefined;
}

/** mode: the proxy's own, else its defaults', else tcp (HAProxy's default). */
export function effectiveMode(own: Mode | undefined, chain: Defaults[]): Mode {
  return own ?? inherit(chain, (d) => d.mode)?.value ?? 'tcp';
}
