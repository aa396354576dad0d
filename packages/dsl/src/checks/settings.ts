/**
 * Effective settings of a proxy: each setting comes from the proxy itself, else from the named defaults it opts
 * into with `from`, else from the unnamed defaults. Checks use this so they judge what haproxy will really run.
 */
import type { Backend, Balance, Defaults, Frontend, HealthCheck, Mode, Model, ServerOptions, Stats, Timeout, TimeoutKind, Timeouts } from '../model/model.ts';
import { TIMEOUT_KINDS } from '../model/model.ts';

/** Where a setting was found: on the proxy, or in a defaults block (named or not). */
export type SettingSource = { kind: 'proxy' } | { kind: 'defaults'; defaults: Defaults } | { kind: 'builtin' };

export interface Sourced<T> {
  value: T;
  source: SettingSource;
}

export interface EffectiveSettings {
  /** haproxy's own default is tcp when nothing says otherwise. */
  mode: Sourced<Mode>;
  timeouts: Partial<Record<TimeoutKind, Sourced<Timeout>>>;
  forwardfor?: Sourced<boolean>;
  /** Backends only; the language's default is a tcp check (see language.md §3 backend). */
  health?: Sourced<HealthCheck>;
  balance?: Sourced<Balance>;
  serverDefaults: ServerOptions;
}

/** The unnamed `defaults` block (the first, if several were written: duplicates are reported by name resolution). */
export function unnamedDefaults(model: Model): Defaults | undefined {
  return model.defaults.find((d) => d.name === undefined);
}

/** The defaults blocks a proxy reads, most specific first. */
export function defaultsChain(model: Model, proxy: Frontend | Backend | Stats): Defaults[] {
  const chain: Defaults[] = [];
  const from = 'from' in proxy ? proxy.from : undefined;
  if (from) {
    const named = model.defaults.find((d) => d.name === from.name);
    if (named) chain.push(named);
  }
  const unnamed = unnamedDefaults(model);
  if (unnamed) chain.push(unnamed);
  return chain;
}

const PROXY_SOURCE: SettingSource = { kind: 'proxy' };

/** The first of the proxy's own value and the chain's values that is set, with where it came from. */
function pick<T>(own: T | undefined, chain: readonly Defaults[], sources: readonly SettingSource[], get: (d: Defaults) => T | undefined): Sourced<T> | undefined {
  if (own !== undefined) return { value: own, source: PROXY_SOURCE };
  for (let i = 0; i < chain.length; i++) {
    const v = get(chain[i]);
    if (v !== undefined) return { value: v, source: sources[i] };
  }
  return undefined;
}

const modeOf = (d: Defaults) => d.mode;
const forwardforOf = (d: Defaults) => d.forwardfor;
const healthOf = (d: Defaults) => d.health;
const balanceOf = (d: Defaults) => d.balance;

export function effectiveSettings(model: Model, proxy: Frontend | Backend | Stats): EffectiveSettings {
  const chain = defaultsChain(model, proxy);
  // One source object per defaults block, shared by every setting taken from it.
  const sources = chain.map((defaults): SettingSource => ({ kind: 'defaults', defaults }));
  const isStats = isStatsPage(proxy);
  // A stats page is always emitted in http mode (model.ts: Stats).
  const ownMode = isStats ? 'http' : (proxy as Frontend | Backend).mode;
  const mode = pick<Mode>(ownMode, chain, sources, modeOf) ?? { value: 'tcp', source: { kind: 'builtin' } };

  const ownTimeouts: Timeouts = isStats ? {} : (proxy as Frontend | Backend).timeouts;
  const timeouts: EffectiveSettings['timeouts'] = {};
  for (const kind of TIMEOUT_KINDS) {
    // A loop rather than `pick` with a closure per kind: this runs for every proxy.
    const own = ownTimeouts[kind];
    if (own !== undefined) {
      timeouts[kind] = { value: own, source: PROXY_SOURCE };
      continue;
    }
    for (let i = 0; i < chain.length; i++) {
      const inherited = chain[i].timeouts[kind];
      if (inherited !== undefined) {
        timeouts[kind] = { value: inherited, source: sources[i] };
        break;
      }
    }
  }

  const result: EffectiveSettings = { mode, timeouts, serverDefaults: {} };
  if (!isStats) {
    const p = proxy as Frontend | Backend;
    const ff = pick(p.forwardfor, chain, sources, forwardforOf);
    if (ff) result.forwardfor = ff;
  }
  if ('servers' in proxy) {
    const health = pick(proxy.health, chain, sources, healthOf);
    if (health) result.health = health;
    const balance = pick(proxy.balance, chain, sources, balanceOf);
    if (balance) result.balance = balance;
    // Server options merge key by key: the backend's `server-defaults` over the defaults' ones, most specific last.
    for (let i = chain.length - 1; i >= 0; i--) Object.assign(result.serverDefaults, chain[i].serverDefaults);
    Object.assign(result.serverDefaults, proxy.serverDefaults);
  }
  return result;
}

export function isStatsPage(proxy: Frontend | Backend | Stats): proxy is Stats {
  return 'uri' in proxy && 'bind' in proxy;
}

/** A server's options after `server-defaults` are applied (the server's own settings win). */
export function effectiveServerOptions(settings: EffectiveSettings, server: ServerOptions): ServerOptions {
  const merged: ServerOptions = { ...settings.serverDefaults };
  for (const [k, v] of Object.entries(server)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}

/** One option of `effectiveServerOptions`, without building the merged object (checks ask this for every server). */
export function effectiveServerOption<K extends keyof ServerOptions>(settings: EffectiveSettings, server: ServerOptions, key: K): ServerOptions[K] {
  const own = server[key];
  return own !== undefined ? own : settings.serverDefaults[key];
}
