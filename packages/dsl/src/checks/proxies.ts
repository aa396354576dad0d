/**
 * HAProxy hygiene per proxy: health checks, stats page protection, timeouts, http/tcp mode consistency, TLS to
 * servers, and backends or frontends that lead nowhere. Judged on effective settings (see settings.ts).
 */
import type { RelatedInfo, Span } from '../diagnostics/diagnostic.ts';
import type { Backend, Condition, Frontend, Model, Stats, TimeoutKind } from '../model/model.ts';
import { isLoopback } from '../model/values.ts';
import { addressIp, formatAddress } from './addresses.ts';
import type { Reporter } from './report.ts';
import { spanKey } from './report.ts';
import { routedBackendNames } from './routes.ts';
import { effectiveServerOption, effectiveSettings, type EffectiveSettings, type SettingSource } from './settings.ts';

/** `effectiveSettings`, worked out once per proxy and run: several checks ask about the same proxy. */
type SettingsOf = (proxy: Frontend | Backend | Stats) => EffectiveSettings;

function settingsMemo(model: Model): SettingsOf {
  const cache = new Map<Frontend | Backend | Stats, EffectiveSettings>();
  return (proxy) => {
    let settings = cache.get(proxy);
    if (!settings) cache.set(proxy, (settings = effectiveSettings(model, proxy)));
    return settings;
  };
}

export function checkProxies(model: Model, reporter: Reporter): void {
  const settingsOf = settingsMemo(model);
  for (const b of model.backends) {
    checkServerHealth(settingsOf, b, reporter);
    checkServerTls(settingsOf, b, reporter);
    if (b.servers.length === 0) {
      reporter.report('LB2013', b.nameSpan, `backend ${b.name} has no servers, so every request to it fails with 503; add a \`server NAME ADDRESS\``);
    }
  }
  for (const s of model.stats) checkStatsPage(s, reporter);
  checkMissingTimeouts(model, settingsOf, reporter);
  checkTinyTimeouts(model, reporter);
  // Indexed once (first declaration wins, as `find` did): a lookup per route made this quadratic (bench/README.md).
  const backendsByName = new Map<string, Backend>();
  for (const b of model.backends) if (!backendsByName.has(b.name)) backendsByName.set(b.name, b);
  for (const f of model.frontends) {
    checkHttpToTcp(settingsOf, f, reporter, backendsByName);
    if (!f.defaultBackend && f.routes.length === 0) {
      reporter.report('LB2014', f.nameSpan, `frontend ${f.name} sends its traffic nowhere (no default backend and no routes); add \`default BACKEND\``);
    }
  }
  checkHttpOnlyInTcp(model, settingsOf, reporter);
  checkUnusedBackends(model, reporter);
}

/** "from defaults X" / "from the unnamed defaults", for related information. */
function sourceNote(source: SettingSource): { span: Span; message: string } | undefined {
  if (source.kind !== 'defaults') return undefined;
  const d = source.defaults;
  return { span: d.span, message: d.name ? `inherited from defaults ${d.name}` : 'inherited from the unnamed defaults' };
}

/** LB2007: a server that is never health-checked stays UP when it dies and keeps receiving traffic. */
function checkServerHealth(settingsOf: SettingsOf, b: Backend, reporter: Reporter): void {
  const settings = settingsOf(b);
  // The language's default health check is tcp (language.md §3 backend), so only `none` turns checks off.
  const healthNone = settings.health?.value.kind === 'none';
  for (const server of b.servers) {
    const check = effectiveServerOption(settings, server, 'check');
    if (check === false) {
      reporter.report('LB2007', server.span,
        `server ${server.name} in backend ${b.name} is marked \`nocheck\`: if it goes down haproxy keeps sending it traffic; remove \`nocheck\``);
    } else if (check === undefined && healthNone) {
      const related: RelatedInfo[] = [{ span: settings.health!.value.span, message: 'health checks are turned off here' }];
      reporter.report('LB2007', server.span,
        `server ${server.name} in backend ${b.name} is never health-checked (\`health none\`): if it goes down haproxy keeps sending it traffic; use \`health tcp\` or \`health http "/path"\``,
        related);
    }
  }
}

/** LB2012: haproxy refuses `ssl` towards a server with verification required but no CA to verify against. */
function checkServerTls(settingsOf: SettingsOf, b: Backend, reporter: Reporter): void {
  const settings = settingsOf(b);
  for (const server of b.servers) {
    const ssl = effectiveServerOption(settings, server, 'ssl');
    if (ssl && ssl.verify === 'required' && !ssl.ca) {
      reporter.report('LB2012', server.span,
        `server ${server.name} in backend ${b.name} uses TLS with \`verify required\` but no CA file, which haproxy rejects; add \`ca "/path/to/ca.pem"\` or, for a trusted network, \`verify none\``);
    }
  }
}

function isOffLoopback(s: Stats): boolean {
  const ip = addressIp(s.bind.address);
  return ip === undefined || !isLoopback(ip);
}

/** LB2008 / LB2018: the stats page shows (and with `admin` changes) the whole load balancer. */
function checkStatsPage(s: Stats, reporter: Reporter): void {
  if (s.auth.length > 0) return;
  if (isOffLoopback(s)) {
    reporter.report('LB2008', s.bind.span,
      `stats page ${s.name} listens on ${formatAddress(s.bind.address)} without a password: anyone who reaches it sees every backend and server; add \`auth USER secret(env("STATS_PASSWORD"))\` or bind it to 127.0.0.1`);
  }
  if (s.admin) {
    reporter.report('LB2018', s.span,
      `stats page ${s.name} enables \`admin\` (servers can be drained and disabled from the page) without a password; add \`auth USER secret(env("STATS_PASSWORD"))\` or remove \`admin\``);
  }
}

/**
 * LB2009, following haproxy's own rule (cfgparse.c: "missing timeouts for frontend/backend"): what a proxy needs
 * depends on its side. A frontend needs `client`; a backend `connect` and `server`; the stats page is a `listen`
 * section and needs all three.
 */
function checkMissingTimeouts(model: Model, settingsOf: SettingsOf, reporter: Reporter): void {
  const check = (proxy: Frontend | Backend | Stats, needed: TimeoutKind[], what: string, span: Span) => {
    const settings = settingsOf(proxy);
    const missing = needed.filter((k) => !settings.timeouts[k]);
    if (missing.length === 0) return;
    const list = missing.join(', ');
    reporter.report('LB2009', span,
      `${what} has no timeout ${list} (not even from defaults): haproxy would wait forever on stuck connections; add \`timeout ${missing.map((k) => `${k} ${k === 'connect' ? '5s' : '30s'}`).join(', ')}\` to the proxy or to \`defaults\``,
      undefined);
  };
  for (const f of model.frontends) check(f, ['client'], `frontend ${f.name}`, f.nameSpan);
  for (const b of model.backends) check(b, ['connect', 'server'], `backend ${b.name}`, b.nameSpan);
  for (const s of model.stats) check(s, ['connect', 'client', 'server'], `stats page ${s.name}`, s.span);
}

/** Below this a timeout is almost surely seconds written as milliseconds (the seed had `timeout connect 500`). */
const SUSPICIOUS_TIMEOUT_MS = 100;

/** LB2017: each written timeout is judged once, where it is written. */
function checkTinyTimeouts(model: Model, reporter: Reporter): void {
  const seen = new Set<string>();
  // The block's description is only built for a finding: this runs for every proxy.
  const check = (timeouts: Frontend['timeouts'], block: string, name: string | undefined) => {
    for (const kind in timeouts) {
      const t = timeouts[kind as TimeoutKind];
      if (!t || t.value <= 0 || t.value >= SUSPICIOUS_TIMEOUT_MS || seen.has(spanKey(t.span))) continue;
      seen.add(spanKey(t.span));
      reporter.report('LB2017', t.span,
        `timeout ${kind} in ${name === undefined ? block : `${block} ${name}`} is ${t.value}ms, far too short for real traffic; if you meant seconds write \`${t.value}s\``);
    }
  };
  for (const d of model.defaults) check(d.timeouts, 'defaults', d.name || undefined);
  for (const f of model.frontends) check(f.timeouts, 'frontend', f.name);
  for (const b of model.backends) check(b.timeouts, 'backend', b.name);
}

/** LB2010: haproxy refuses an http frontend that hands requests to a tcp backend (the reverse is allowed). */
function checkHttpToTcp(settingsOf: SettingsOf, f: Frontend, reporter: Reporter, backendsByName: ReadonlyMap<string, Backend>): void {
  if (settingsOf(f).mode.value !== 'http') return;
  const refs = [...(f.defaultBackend ? [f.defaultBackend] : []), ...f.routes.map((r) => r.backend)];
  for (const ref of refs) {
    const b = backendsByName.get(ref.name);
    if (!b) continue;
    const mode = settingsOf(b).mode;
    if (mode.value !== 'tcp') continue;
    const related: RelatedInfo[] = [{ span: b.nameSpan, message: `backend ${b.name} is in tcp mode` }];
    reporter.report('LB2010', ref.span,
      `frontend ${f.name} is in http mode but backend ${b.name} is in tcp mode, which haproxy rejects; set \`mode http\` on backend ${b.name}, or \`mode tcp\` on frontend ${f.name}`,
      related);
  }
}

const HTTP_CONDITIONS: Condition['kind'][] = ['path', 'host', 'header', 'method'];
/** Balance algorithms that read the HTTP request; in tcp mode haproxy falls back to roundrobin. */
const HTTP_BALANCE = ['uri', 'url_param', 'hdr'];

/**
 * LB2011: settings that only mean something in http mode; in a tcp proxy haproxy ignores them with a warning.
 * `health http` is deliberately not among them: `option httpchk` works in tcp backends (KubeKey's own apiserver
 * backend is tcp with `option httpchk GET /healthz`, domain.md §1.4), and so does a `source` route condition.
 */
function checkHttpOnlyInTcp(model: Model, settingsOf: SettingsOf, reporter: Reporter): void {
  const fix = (kind: string, name: string) => `set \`mode http\` on ${kind} ${name}, or remove the setting`;
  const inherited = (what: string, kind: string, name: string, source: SettingSource, own: Span, ownSpan: Span | undefined) => {
    const note = sourceNote(source);
    reporter.report('LB2011', ownSpan ?? own, `${what} only works in http mode but ${kind} ${name} is in tcp mode; ${fix(kind, name)}`, note ? [note] : undefined);
  };
  for (const f of model.frontends) {
    const s = settingsOf(f);
    if (s.mode.value !== 'tcp') continue;
    for (const route of f.routes) {
      for (const c of route.conditions) {
        if (HTTP_CONDITIONS.includes(c.kind)) {
          reporter.report('LB2011', c.span, `route condition \`${c.kind}\` reads the HTTP request but frontend ${f.name} is in tcp mode; ${fix('frontend', f.name)}`);
        }
      }
    }
    for (const a of f.httpActions) {
      reporter.report('LB2011', a.span, `\`${a.kind}\` is an HTTP action but frontend ${f.name} is in tcp mode; ${fix('frontend', f.name)}`);
    }
    if (s.forwardfor?.value) inherited('`forwardfor`', 'frontend', f.name, s.forwardfor.source, f.nameSpan, undefined);
  }
  for (const b of model.backends) {
    const s = settingsOf(b);
    if (s.mode.value !== 'tcp') continue;
    for (const a of b.httpActions) {
      reporter.report('LB2011', a.span, `\`${a.kind}\` is an HTTP action but backend ${b.name} is in tcp mode; ${fix('backend', b.name)}`);
    }
    if (s.forwardfor?.value) inherited('`forwardfor`', 'backend', b.name, s.forwardfor.source, b.nameSpan, undefined);
    if (s.balance && HTTP_BALANCE.includes(s.balance.value.algorithm)) {
      const own = s.balance.source.kind === 'proxy' ? s.balance.value.span : undefined;
      inherited(`\`balance ${s.balance.value.algorithm}\``, 'backend', b.name, s.balance.source, b.nameSpan, own);
    }
  }
}

/** LB2015: a backend no frontend routes to is dead configuration. Derived backends are used by their derivation. */
function checkUnusedBackends(model: Model, reporter: Reporter): void {
  const used = new Set<string>();
  for (const f of model.frontends) for (const name of routedBackendNames(f)) used.add(name);
  for (const b of model.backends) {
    if (b.origin.kind === 'derived' || used.has(b.name)) continue;
    reporter.report('LB2015', b.nameSpan, `backend ${b.name} is not used by any frontend; route to it (\`default ${b.name}\` or \`route ${b.name} when ...\`) or remove it`);
  }
}
