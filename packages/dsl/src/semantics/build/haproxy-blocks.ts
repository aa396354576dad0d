/** global, defaults and stats blocks. */
import type { Defaults, Global, LogTarget, Stats } from '../../model/model.ts';
import type { Reporter } from '../report.ts';
import { addressText, type Decl } from '../values.ts';
import { Args } from './args.ts';
import { pushRaw, readWords } from './proxies.ts';
import { dropUndefined, readBalance, readBinds, readHealth, readPlacement, readServerOptions, readSwitch, readTimeouts } from './settings.ts';
import { args, walkBody } from './walk.ts';

/** Every `global` block merges into one (they may come from several files or branches of an `if`); repeats of a
 *  single-valued setting across them are reported like repeats within one block. */
export function buildGlobal(blocks: Decl[], reporter: Reporter): Global {
  const global: Global = { logs: [], raw: [] };
  if (blocks.length === 0) return global;
  global.span = blocks[0].span;
  const merged: Decl = { ...blocks[0], body: blocks.flatMap((b) => b.body ?? []) };
  for (const b of blocks) new Args(b.groups[0] ?? [], reporter, 'global', b.keywordSpan).finish();
  walkBody('global', merged, {
    maxconn: (decl) => (global.maxconn = args(decl, reporter).number('maxconn', 1, 10_000_000)),
    threads: (decl) => (global.nbthread = args(decl, reporter).number('the thread count', 1, 4096)),
    log: (decl) => {
      const log = readLog(decl, reporter);
      if (log) global.logs.push(log);
    },
    socket: (decl) => (global.statsSocket = args(decl, reporter).text('the socket path')),
    user: (decl) => (global.user = args(decl, reporter).text('a user name')),
    group: (decl) => (global.group = args(decl, reporter).text('a group name')),
    chroot: (decl) => (global.chroot = args(decl, reporter).text('a directory')),
    daemon: () => (global.daemon = true),
    raw: (decl) => pushRaw(global.raw, decl, reporter),
  }, reporter);
  return dropUndefined(global);
}

function readLog(decl: Decl, reporter: Reporter): LogTarget | undefined {
  const a = args(decl, reporter);
  const t = a.value('the log target (stdout, stderr, a socket path or IP:PORT)');
  if (!t) return undefined;
  let target: string | undefined;
  if (t.kind === 'word' || t.kind === 'string') target = t.kind === 'word' ? t.name : t.value;
  else if (t.kind === 'ip') target = t.ip.text;
  else if (t.kind === 'address') target = addressText(t.address);
  if (target === undefined) return a.typeError(t, 'the log target (stdout, stderr, a socket path or IP:PORT)');
  const facility = a.text('the syslog facility, e.g. local0');
  if (facility === undefined) return undefined;
  const level = a.done ? undefined : a.text('the log level, e.g. info');
  return dropUndefined({ target, facility, level, span: decl.span });
}

export function buildDefaults(block: Decl, reporter: Reporter): Defaults {
  const header = new Args(block.groups[0] ?? [], reporter, 'defaults', block.keywordSpan);
  const name = header.done ? undefined : header.name('the defaults name');
  header.finish();
  const defaults: Defaults = { name: name?.name, timeouts: {}, raw: [], span: block.span };
  walkBody('defaults', block, {
    mode: (decl) => (defaults.mode = args(decl, reporter).choice('http or tcp', ['http', 'tcp'] as const)),
    timeout: (decl) => readTimeouts(decl, reporter, () => defaults.timeouts),
    maxconn: (decl) => (defaults.maxconn = args(decl, reporter).number('maxconn', 0, 10_000_000)),
    log: () => (defaults.log = true),
    retries: (decl) => (defaults.retries = args(decl, reporter).number('the retry count', 0, 100)),
    redispatch: (decl) => (defaults.redispatch = readSwitch(decl, reporter)),
    'retry-on': (decl) => (defaults.retryOn = readWords(decl, reporter)),
    forwardfor: () => (defaults.forwardfor = true),
    balance: (decl) => (defaults.balance = readBalance(decl, reporter)),
    health: (decl) => (defaults.health = readHealth(decl, reporter)),
    'server-defaults': (decl) => (defaults.serverDefaults = readServerOptions(args(decl, reporter), {})),
    raw: (decl) => pushRaw(defaults.raw, decl, reporter),
  }, reporter);
  return dropUndefined(defaults);
}

export function buildStats(block: Decl, reporter: Reporter): Stats | undefined {
  const header = new Args(block.groups[0] ?? [], reporter, 'stats', block.keywordSpan);
  const name = header.done ? undefined : header.name('the stats page name');
  header.finish();
  const stats: Partial<Stats> & { auth: Stats['auth'] } = {
    name: name?.name ?? 'stats', span: block.span, uri: '/stats', auth: [], admin: false, hideVersion: false, placement: undefined,
  };
  walkBody('stats', block, {
    bind: (decl) => (stats.bind = readBinds(decl, reporter)[0]),
    uri: (decl) => (stats.uri = args(decl, reporter).text('the page path, e.g. "/stats"') ?? stats.uri),
    auth: (decl) => {
      const a = args(decl, reporter);
      const user = a.text('the user name');
      const password = a.secretOrText('the password, e.g. secret(env("STATS_PASSWORD"))');
      if (user !== undefined && password !== undefined) stats.auth.push({ user, password, span: decl.span });
    },
    realm: (decl) => (stats.realm = args(decl, reporter).text('the realm text')),
    refresh: (decl) => (stats.refresh = args(decl, reporter).duration('the refresh interval')),
    admin: () => (stats.admin = true),
    'hide-version': () => (stats.hideVersion = true),
    on: (decl) => (stats.placement = readPlacement(decl, reporter)),
  }, reporter);
  if (!stats.bind) return undefined; // missing bind was reported (LB1007) or its argument was
  return dropUndefined(stats as Stats);
}
