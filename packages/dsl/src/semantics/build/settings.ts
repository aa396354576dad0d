/** Readers for settings shared by several proxy kinds: timeouts, balance, health checks, server options, binds,
 *  conditions, header actions and placement. */
import type {
  Balance, Bind, Condition, HealthCheck, HttpAction, MatchKind, Placement, Ref, Server, ServerOptions, ServerRun, TimeoutKind, Timeouts,
} from '../../model/model.ts';
import { BALANCE_ALGORITHMS, TIMEOUT_KINDS } from '../../model/model.ts';
import type { Span } from '../../diagnostics/diagnostic.ts';
import type { Reporter } from '../report.ts';
import type { Decl, EvalValue } from '../values.ts';
import { Args } from './args.ts';
import { toCidr, toText } from './coerce.ts';
import { args } from './walk.ts';

/** `timeout KIND D, KIND D`; `target` picks the record each kind goes to (a listen splits them). */
export function readTimeouts(decl: Decl, reporter: Reporter, target: (kind: TimeoutKind) => Timeouts): void {
  decl.groups.forEach((_, i) => {
    const a = args(decl, reporter, i);
    const kindValue = a.peek();
    const kind = a.choice('a timeout kind', TIMEOUT_KINDS);
    const value = a.duration();
    if (kind === undefined || value === undefined) return;
    a.finish();
    const timeouts = target(kind);
    const previous = timeouts[kind];
    if (previous) {
      reporter.report('LB1009', kindValue!.span, `Timeout '${kind}' is already set. Remove one of them.`, [{ span: previous.span, message: 'first set here' }]);
      return;
    }
    timeouts[kind] = { value, span: { ...kindValue!.span, end: decl.groups[i][decl.groups[i].length - 1].span.end } };
  });
}

const ALGORITHMS_WITH_ARGUMENT = new Set(['url_param', 'hdr', 'hash', 'random', 'rdp-cookie']);

export function readBalance(decl: Decl, reporter: Reporter): Balance | undefined {
  const a = args(decl, reporter);
  const algorithm = a.choice('a balance algorithm', BALANCE_ALGORITHMS);
  if (!algorithm) return undefined;
  const balance: Balance = { algorithm, span: decl.span };
  if (!a.done) {
    if (!ALGORITHMS_WITH_ARGUMENT.has(algorithm)) {
      a.finish();
      return balance;
    }
    const argument = a.text('the algorithm argument');
    if (argument !== undefined) balance.argument = argument;
  } else if (algorithm === 'url_param' || algorithm === 'hdr' || algorithm === 'hash') {
    reporter.report('LB1008', decl.span, `'balance ${algorithm}' needs an argument, e.g. balance ${algorithm} ${algorithm === 'hash' ? '"path"' : '"X-User"'}.`);
    return undefined;
  }
  return balance;
}

const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH', 'TRACE', 'CONNECT'];
const TCP_HEALTH_OPTIONS = ['every', 'rise', 'fall', 'ssl'];
const HTTP_HEALTH_OPTIONS = ['host', 'expect', ...TCP_HEALTH_OPTIONS];

export function readHealth(decl: Decl, reporter: Reporter): HealthCheck | undefined {
  const a = args(decl, reporter);
  const kind = a.choice('a health check kind (tcp, http or none)', ['tcp', 'http', 'none'] as const);
  if (!kind) return undefined;
  const health: HealthCheck = { kind, span: decl.span };
  if (kind === 'none') {
    a.finish();
    return health;
  }
  if (kind === 'http') {
    const method = a.peekWordIn(HTTP_METHODS);
    if (method) {
      a.next();
      health.method = method;
    }
    const path = a.peek();
    if (path && path.kind === 'string') {
      a.next();
      health.path = path.value;
    }
  }
  const options = kind === 'http' ? HTTP_HEALTH_OPTIONS : TCP_HEALTH_OPTIONS;
  while (!a.done) {
    const word = a.peekWordIn(options);
    if (!word) break;
    a.next();
    if (word === 'host') health.host = a.text('the Host header value');
    else if (word === 'expect') {
      const v = a.value('an expected status such as 200 or "2xx"');
      if (v && v.kind === 'number' && Number.isInteger(v.value) && v.value >= 100 && v.value <= 599) health.expect = v.value;
      else if (v && v.kind === 'string' && /^\d{3}$/.test(v.value)) health.expect = Number(v.value);
      else if (v && v.kind === 'string' && /^[1-5]xx$/.test(v.value)) health.expect = v.value;
      else if (v) a.typeError(v, 'a status code 100-599 or a class such as "2xx"');
    } else if (word === 'every') health.interval = a.duration('the check interval');
    else if (word === 'rise') health.rise = a.number('the rise count', 1, 1000);
    else if (word === 'fall') health.fall = a.number('the fall count', 1, 1000);
    else if (word === 'ssl') health.ssl = true;
  }
  a.finish(options);
  return dropUndefined(health);
}

const SERVER_FLAGS = ['weight', 'maxconn', 'backup', 'check', 'nocheck', 'inter', 'fastinter', 'rise', 'fall', 'slowstart', 'ssl', 'send-proxy'];
const SERVER_FLAGS_WITH_RUN = [...SERVER_FLAGS, 'run'];
const SSL_OPTIONS = ['verify', 'ca', 'sni'];
/** What `finish` suggests from, with and without `run`. */
const SERVER_WORDS = [...SERVER_FLAGS, ...SSL_OPTIONS];
const SERVER_WORDS_WITH_RUN = [...SERVER_FLAGS_WITH_RUN, ...SSL_OPTIONS];

/**
 * Server options (also used by `server-defaults`), read until the arguments end, into `o` (a server is filled in
 * place rather than copied); returns it without undefined keys. `run` is read only on a server (a run belongs to
 * one server, never to defaults), through `onRun`.
 */
export function readServerOptions<T extends ServerOptions>(a: Args, o: T, onRun?: (run: ServerRun) => void): T {
  const flags = onRun ? SERVER_FLAGS_WITH_RUN : SERVER_FLAGS;
  while (!a.done) {
    const word = a.peekWordIn(flags);
    if (!word) break;
    const keyword = a.next()!;
    switch (word) {
      case 'run': {
        const run = readRun(a, keyword.span);
        if (run) onRun?.(run);
        break;
      }
      case 'weight': o.weight = a.number('the weight', 0, 256); break;
      case 'maxconn': o.maxconn = a.number('the maxconn', 0, 1_000_000); break;
      case 'backup': o.backup = true; break;
      case 'check': o.check = true; break;
      case 'nocheck': o.check = false; break;
      case 'inter': o.inter = a.duration('the check interval'); break;
      case 'fastinter': o.fastinter = a.duration('the check interval while a server changes state'); break;
      case 'rise': o.rise = a.number('the rise count', 1, 1000); break;
      case 'fall': o.fall = a.number('the fall count', 1, 1000); break;
      case 'slowstart': o.slowstart = a.duration('the slow-start time'); break;
      case 'send-proxy': o.sendProxy = true; break;
      case 'ssl': {
        const ssl: NonNullable<ServerOptions['ssl']> = { verify: 'required' };
        for (;;) {
          if (a.takeWord('verify')) ssl.verify = a.choice('none or required', ['none', 'required'] as const) ?? 'required';
          else if (a.takeWord('ca')) ssl.ca = a.text('the CA file path');
          else if (a.takeWord('sni')) ssl.sni = a.text('the SNI host name');
          else break;
        }
        o.ssl = dropUndefined(ssl);
        break;
      }
    }
  }
  a.finish(onRun ? SERVER_WORDS_WITH_RUN : SERVER_WORDS);
  return dropUndefined(o);
}

/** `run demo` or `run "COMMAND"`, after the word `run` (at `keywordSpan`). */
function readRun(a: Args, keywordSpan: Span): ServerRun | undefined {
  if (a.peekWord('demo')) {
    const demo = a.next()!;
    return { kind: 'demo', span: { ...keywordSpan, end: demo.span.end } };
  }
  const v = a.peek();
  if (v?.kind === 'none') {
    a.next(); // already reported where it was computed
    return undefined;
  }
  if (v === undefined || v.kind === 'string') {
    const command = a.text('demo or the command that starts this server, e.g. "python3 app.py $PORT"');
    if (command === undefined) return undefined;
    if (command.trim() === '') {
      a.rangeError(v!, `The run command is empty: write the command that starts this server, or 'run demo'.`);
      return undefined;
    }
    return { kind: 'command', command, span: { ...keywordSpan, end: v!.span.end } };
  }
  a.next();
  a.typeError(v, `'demo' or a command in a string`, ` For a command write it in quotes: run "node server.js".`);
  return undefined;
}

export function readServer(decl: Decl, reporter: Reporter): Server | undefined {
  const a = args(decl, reporter);
  const name = a.name('the server name');
  const address = a.address('the server address (IP:PORT)', true);
  if (!name || !address) return undefined;
  let run: ServerRun | undefined;
  const fields: Server = { name: name.name, nameSpan: name.span, address: address.address, addressSpan: address.span, span: decl.span };
  const server = readServerOptions(a, fields, (r) => (run = r));
  if (run) server.run = run;
  return server;
}

export function readBinds(decl: Decl, reporter: Reporter): Bind[] {
  const binds: Bind[] = [];
  decl.groups.forEach((group, i) => {
    const a = args(decl, reporter, i);
    const address = a.address('a listening address such as *:80');
    if (!address) return;
    const bind: Bind = { address: address.address, span: { ...address.span, end: group[group.length - 1].span.end } };
    while (!a.done) {
      if (a.takeWord('tls')) {
        const cert = a.text('the certificate file path');
        if (cert !== undefined) bind.tls = { cert, ...bind.tls };
      } else if (a.takeWord('alpn')) {
        const alpn = a.text('the ALPN list, e.g. "h2,http/1.1"');
        if (alpn !== undefined) bind.tls = { cert: bind.tls?.cert ?? '', ...bind.tls, alpn: alpn.split(',').map((s) => s.trim()) };
      } else if (a.takeWord('min-tls')) {
        const v = a.choice('a TLS version', ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const);
        if (v) bind.tls = { cert: bind.tls?.cert ?? '', ...bind.tls, minVersion: v };
      } else if (a.takeWord('transparent')) bind.transparent = true;
      else break;
    }
    a.finish(['tls', 'alpn', 'min-tls', 'transparent']);
    if (bind.tls && !bind.tls.cert) {
      reporter.report('LB1007', bind.span, `'alpn' and 'min-tls' need a certificate: add tls "/path/to/cert.pem".`);
      return;
    }
    binds.push(bind);
  });
  return binds;
}

const MATCH_KINDS: readonly MatchKind[] = ['exact', 'prefix', 'suffix', 'contains', 'regex', 'dir'];
const HEADER_MATCH_KINDS: readonly string[] = [...MATCH_KINDS, 'present'];
const CONDITION_KINDS = ['path', 'host', 'header', 'method', 'source'];

/** `COND [and COND]...` where COND is `[not] path|host|header|method|source ...`; reads to the end. */
export function readConditions(a: Args, reporter: Reporter): Condition[] | undefined {
  const conditions: Condition[] = [];
  do {
    const start = a.peek();
    const negate = a.takeWord('not');
    const kindValue = a.peek();
    const kind = a.choice('a condition (path, host, header, method or source)', CONDITION_KINDS);
    if (!kind || !kindValue || !start) return undefined;
    const values: EvalValue[] = [];
    let header: string | undefined;
    let match: MatchKind | 'present' | undefined;
    if (kind === 'header') {
      header = a.text('the header name');
      if (header === undefined) return undefined;
    }
    if (kind === 'path' || kind === 'host' || kind === 'header') {
      const m = a.peekWordIn(kind === 'header' ? HEADER_MATCH_KINDS : MATCH_KINDS);
      if (m) {
        a.next();
        match = m as MatchKind | 'present';
      }
    }
    while (!a.done && a.peekWord('and') === undefined) values.push(a.next()!);
    const last = values[values.length - 1] ?? kindValue;
    const span = { ...start.span, end: last.span.end };
    if (values.some((v) => v.kind === 'none')) return undefined;
    if (match !== 'present' && values.length === 0) {
      reporter.report('LB1008', span, `The '${kind}' condition needs at least one value to compare with.`);
      return undefined;
    }
    const texts = values.map(toText);
    const bad = values.find((_, i) => texts[i] === undefined);
    if (kind !== 'source' && bad) return a.typeError(bad, 'a string to compare with');
    const strings = texts as string[];
    const neg = negate ? { negate: true } : {};
    switch (kind) {
      case 'path': conditions.push({ kind, match: (match as MatchKind) ?? 'prefix', values: strings, ...neg, span }); break;
      case 'host': conditions.push({ kind, match: (match as MatchKind) ?? 'exact', values: strings, ...neg, span }); break;
      case 'header': conditions.push({ kind, name: header ?? '', match: match ?? 'exact', values: match === 'present' ? [] : strings, ...neg, span }); break;
      case 'method': conditions.push({ kind, values: strings.map((s) => s.toUpperCase()), ...neg, span }); break;
      case 'source': {
        const cidrs = values.map((v) => toCidr(v, true));
        const badCidr = values.find((_, i) => !cidrs[i]);
        if (badCidr) return a.typeError(badCidr, 'a CIDR or an IP address');
        conditions.push({ kind, cidrs: cidrs.map((c) => c!), ...neg, span });
        break;
      }
    }
  } while (a.takeWord('and'));
  return conditions;
}

export function readHeaderAction(decl: Decl, reporter: Reporter): HttpAction | undefined {
  const a = args(decl, reporter);
  const name = a.text('the header name');
  if (decl.keyword === 'del-header') return name === undefined ? undefined : { kind: 'del-header', name, span: decl.span };
  const value = a.text('the header value');
  if (name === undefined || value === undefined) return undefined;
  return { kind: decl.keyword as 'set-header' | 'add-header', name, value, span: decl.span };
}

export function readRedirect(decl: Decl, reporter: Reporter): HttpAction | undefined {
  const a = args(decl, reporter);
  if (!a.choice('https', ['https'] as const)) return undefined;
  const action: HttpAction = { kind: 'redirect-https', span: decl.span };
  if (a.takeWord('code')) {
    const v = a.peek();
    const code = a.number('the redirect code', 301, 308);
    if (code === undefined) return undefined;
    if (![301, 302, 303, 307, 308].includes(code)) return a.rangeError(v!, 'A redirect code is 301, 302, 303, 307 or 308.');
    action.code = code;
  }
  a.finish(['code']);
  return action;
}

export function readDeny(decl: Decl, reporter: Reporter): HttpAction | undefined {
  const a = args(decl, reporter);
  const action: Extract<HttpAction, { kind: 'deny' }> = { kind: 'deny', conditions: [], span: decl.span };
  if (a.takeWord('status')) {
    const status = a.number('the status code', 200, 599);
    if (status === undefined) return undefined;
    action.status = status;
  }
  if (a.takeWord('when')) {
    const conditions = readConditions(a, reporter);
    if (!conditions) return undefined;
    action.conditions = conditions;
  }
  a.finish(['status', 'when']);
  return action;
}

/** `on lb1, lb2`: the hosts a proxy is emitted on. */
export function readPlacement(decl: Decl, reporter: Reporter): Placement {
  const refs: Ref[] = [];
  decl.groups.forEach((_, i) => {
    const a = args(decl, reporter, i);
    while (!a.done) {
      const r = a.name('a host name');
      if (r) refs.push(r);
    }
  });
  return refs;
}

/**
 * `o` without the keys whose value is undefined, so models compare and print cleanly: `o` itself when it has none,
 * else a copy in the same key order. A copy, not `delete`, which would turn a model object into a slow dictionary
 * for every check that reads it. Use the result, not `o`.
 */
export function dropUndefined<T extends object>(o: T): T {
  let hasUndefined = false;
  for (const k in o) {
    if (o[k] === undefined) {
      hasUndefined = true;
      break;
    }
  }
  if (!hasUndefined) return o;
  const kept = {} as T;
  for (const k in o) if (o[k] !== undefined) kept[k] = o[k];
  return kept;
}

/** A flag that may be turned off: `redispatch` is true, `redispatch false` is false (lb turns some on by default). */
export function readSwitch(decl: Decl, reporter: Reporter): boolean | undefined {
  const a = args(decl, reporter);
  if (a.done) return true;
  const v = a.value('true or false');
  if (v?.kind === 'bool') return v.value;
  if (v) a.typeError(v, 'true or false');
  return undefined;
}
