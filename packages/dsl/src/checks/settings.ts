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

function pick<T>(own: T | undefined, chain: Defaults[], get: (d: Defaults) => T | undefined): Sourced<T> | undefined {
  if (own !== undefined) return { value: own, source: { kind: 'proxy' } };
  for (const d of chain) {
    const v = get(d);
    if (v !== undefined) return { value: v, source: { kind: 'defaults', defaults: d } };
  }
  return undefined;
}

export function effectiveSettings(model: Model, proxy: Frontend | Backend | Stats): EffectiveSettings {
  const chain = defaultsChain(model, proxy);
  const isStats = isStatsPage(proxy);
  // A stats page is always emitted in http mode (model.ts: Stats).
  const ownMode = isStats ? 'http' : (proxy as Frontend | Backend).mode;
  const mode = pick<Mode>(ownMode, chain, (d) => d.mode) ?? { value: 'tcp', source: { kind: 'builtin' } };

  const ownTimeouts: Timeouts = isStats ? {} : (proxy as Frontend | Backend).timeouts;
  const timeouts: EffectiveSettings['timeouts'] = {};
  for (const kind of TIMEOUT_KINDS) {
    const t = pick(ownTimeouts[kind], chain, (d) => d.timeouts[kind]);
    if (t) timeouts[kind] = t;
  }

  const result: EffectiveSettings = { mode, timeouts, serverDefaults: {} };
  if (!isStats) {
    const p = proxy as Frontend | Backend;
    const ff = pick(p.forwardfor, chain, (d) => d.forwardfor);
    if (ff) result.forwardfor = ff;
  }
  if ('servers' in proxy) {
    const health = pick(proxy.health, chain, (d) => d.health);
    if (health) result.health = health;
    const balance = pick(proxy.balance, chain, (d) => d.balance);
    if (balance) result.balance = balance;
    // Server options merge key by key: the backend's `server-defaults` over the defaults' ones.
    result.serverDefaults = Object.assign({}, ...[...chain].reverse().map((d) => d.serverDefaults ?? {}), proxy.serverDefaults ?? {});
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
