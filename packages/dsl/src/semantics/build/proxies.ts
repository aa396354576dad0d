/**
 * frontend, backend and listen blocks. A `listen` is lowered to a frontend and a backend of the same name, the
 * frontend's default backend being that backend, so checks and emitters only know two proxy kinds.
 */
import type { Backend, Frontend, RawLine, Ref, TimeoutKind, Timeouts } from '../../model/model.ts';
import type { Reporter } from '../report.ts';
import type { Decl } from '../values.ts';
import { Args } from './args.ts';
import {
  dropUndefined, readBalance, readBinds, readConditions, readDeny, readHeaderAction, readHealth, readPlacement, readRedirect,
  readServer, readServerOptions, readSwitch, readTimeouts,
} from './settings.ts';
import { args, rawLine, walkBody, type Handler } from './walk.ts';

/** `NAME [from DEFAULTS]` */
export function readProxyHeader(block: Decl, reporter: Reporter): { name?: Ref; from?: Ref } {
  const a = new Args(block.groups[0] ?? [], reporter, block.keyword, block.keywordSpan);
  const name = a.name(`the ${block.keyword} name`);
  let from: Ref | undefined;
  if (a.takeWord('from')) from = a.name('the name of a defaults block');
  a.finish(['from']);
  return { name, from };
}

function frontendHandlers(fe: Frontend, reporter: Reporter, timeouts: (k: TimeoutKind) => Timeouts): Record<string, Handler> {
  const action = (read: (d: Decl, r: Reporter) => Frontend['httpActions'][number] | undefined): Handler => (decl) => {
    const a = read(decl, reporter);
    if (a) fe.httpActions.push(a);
  };
  return {
    mode: (decl) => (fe.mode = args(decl, reporter).choice('http or tcp', ['http', 'tcp'] as const)),
    timeout: (decl) => readTimeouts(decl, reporter, timeouts),
    on: (decl) => (fe.placement = readPlacement(decl, reporter)),
    raw: (decl) => pushRaw(fe.raw, decl, reporter),
    bind: (decl) => fe.binds.push(...readBinds(decl, reporter)),
    route: (decl) => {
      const a = args(decl, reporter);
      const backend = a.name('the backend to route to');
      if (!backend) return;
      if (!a.takeWord('when')) {
        reporter.report('LB1008', decl.span, `Write the condition after 'when': route ${backend.name} when path prefix "/api".`);
        return;
      }
      const conditions = readConditions(a, reporter);
      if (conditions) fe.routes.push({ backend, conditions, span: decl.span });
    },
    default: (decl) => (fe.defaultBackend = args(decl, reporter).name('the default backend')),
    redirect: action(readRedirect),
    deny: action(readDeny),
    'set-header': action(readHeaderAction),
    'add-header': action(readHeaderAction),
    'del-header': action(readHeaderAction),
    maxconn: (decl) => (fe.maxconn = args(decl, reporter).number('maxconn', 0, 10_000_000)),
    log: () => (fe.log = true),
    forwardfor: () => (fe.forwardfor = true),
  };
}

function backendHandlers(be: Backend, reporter: Reporter, timeouts: (k: TimeoutKind) => Timeouts): Record<string, Handler> {
  return {
    mode: (decl) => (be.mode = args(decl, reporter).choice('http or tcp', ['http', 'tcp'] as const)),
    timeout: (decl) => readTimeouts(decl, reporter, timeouts),
    on: (decl) => (be.placement = readPlacement(decl, reporter)),
    raw: (decl) => pushRaw(be.raw, decl, reporter),
    balance: (decl) => (be.balance = readBalance(decl, reporter)),
    health: (decl) => (be.health = readHealth(decl, reporter)),
    'server-defaults': (decl) => (be.serverDefaults = readServerOptions(args(decl, reporter), {})),
    server: (decl) => {
      const s = readServer(decl, reporter);
      if (s) be.servers.push(s);
    },
    forwardfor: () => (be.forwardfor = true),
    'set-header': (decl) => pushAction(be, decl, reporter),
    'add-header': (decl) => pushAction(be, decl, reporter),
    'del-header': (decl) => pushAction(be, decl, reporter),
    retries: (decl) => (be.retries = args(decl, reporter).number('the retry count', 0, 100)),
    redispatch: (decl) => (be.redispatch = readSwitch(decl, reporter)),
    'retry-on': (decl) => (be.retryOn = readWords(decl, reporter)),
  };
}

function pushAction(be: Backend, decl: Decl, reporter: Reporter): void {
  const a = readHeaderAction(decl, reporter);
  if (a) be.httpActions.push(a);
}

export function pushRaw(target: RawLine[], decl: Decl, reporter: Reporter): void {
  const line = rawLine(decl, reporter);
  if (line) target.push(line);
}

export function readWords(decl: Decl, reporter: Reporter): string[] | undefined {
  const a = args(decl, reporter);
  const out: string[] = [];
  while (!a.done) {
    const t = a.text('a word');
    if (t !== undefined) out.push(t);
  }
  return a.failed ? undefined : out;
}

function newFrontend(block: Decl, name: Ref, from: Ref | undefined): Frontend {
  return dropUndefined({
    name: name.name, nameSpan: name.span, span: block.span, origin: { kind: 'user' }, from, binds: [], routes: [], timeouts: {},
    httpActions: [], placement: undefined, raw: [],
  } as Frontend);
}

function newBackend(block: Decl, name: Ref, from: Ref | undefined): Backend {
  return dropUndefined({
    name: name.name, nameSpan: name.span, span: block.span, origin: { kind: 'user' }, from, servers: [], timeouts: {},
    httpActions: [], placement: undefined, raw: [],
  } as Backend);
}

export function buildFrontend(block: Decl, reporter: Reporter): Frontend | undefined {
  const { name, from } = readProxyHeader(block, reporter);
  if (!name) return undefined;
  const fe = newFrontend(block, name, from);
  walkBody('frontend', block, frontendHandlers(fe, reporter, () => fe.timeouts), reporter);
  return dropUndefined(fe);
}

export function buildBackend(block: Decl, reporter: Reporter): Backend | undefined {
  const { name, from } = readProxyHeader(block, reporter);
  if (!name) return undefined;
  const be = newBackend(block, name, from);
  walkBody('backend', block, backendHandlers(be, reporter, () => be.timeouts), reporter);
  return dropUndefined(be);
}

/** Timeouts that only make sense on the client side of a listen. */
const FRONTEND_TIMEOUTS = new Set<TimeoutKind>(['client', 'client-fin', 'http-request', 'http-keep-alive']);

export function buildListen(block: Decl, reporter: Reporter): { frontend: Frontend; backend: Backend } | undefined {
  const { name, from } = readProxyHeader(block, reporter);
  if (!name) return undefined;
  const fe = newFrontend(block, name, from);
  const be = newBackend(block, name, from);
  fe.defaultBackend = { name: name.name, span: name.span };
  const timeouts = (k: TimeoutKind) => (FRONTEND_TIMEOUTS.has(k) ? fe.timeouts : be.timeouts);
  const feHandlers = frontendHandlers(fe, reporter, timeouts);
  const beHandlers = backendHandlers(be, reporter, timeouts);
  walkBody('listen', block, {
    ...beHandlers,
    ...feHandlers,
    mode: (decl) => {
      feHandlers.mode(decl);
      be.mode = fe.mode;
    },
    on: (decl) => {
      feHandlers.on(decl);
      be.placement = fe.placement;
    },
    // Header rewriting belongs to the request path, which the frontend half handles; forwardfor to the backend.
    forwardfor: beHandlers.forwardfor,
    timeout: (decl) => readTimeouts(decl, reporter, timeouts),
  }, reporter);
  return { frontend: dropUndefined(fe), backend: dropUndefined(be) };
}
