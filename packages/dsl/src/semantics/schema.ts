/**
 * The declarative description of every block and directive: what it means (one line, shown on hover), how its
 * arguments are shaped (checked here, completed by the editor) and where it may appear. Builders interpret the
 * arguments; this table only says what is allowed. Keep it data.
 */
import { BALANCE_ALGORITHMS, CONTAINER_MANAGERS, HOST_ROLES, NETWORK_PLUGINS, NODE_ROLES, TIMEOUT_KINDS } from '../model/model.ts';

export const BLOCK_KINDS = ['global', 'defaults', 'frontend', 'backend', 'listen', 'stats', 'host', 'vrrp', 'cluster'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export interface DirectiveSpec {
  doc: string;
  /** Argument shape as shown to users, e.g. `NAME ADDRESS [weight N] [backup]`. */
  syntax: string;
  /** 'one': a single group of arguments; 'list': comma-separated groups, each read the same way. */
  groups: 'one' | 'list';
  /** Number of arguments in each group. */
  min: number;
  max?: number;
  /** May appear more than once in a block. */
  repeatable?: boolean;
  required?: boolean;
  /** Keywords and enum values this directive understands, for completion and the shadowing warning. */
  words?: readonly string[];
}

export interface BlockSpec {
  doc: string;
  /** Header arguments as shown to users. */
  syntax: string;
  header: { min: number; max: number; words?: readonly string[] };
  directives: Record<string, DirectiveSpec>;
}

const flag = (doc: string): DirectiveSpec => ({ doc, syntax: '', groups: 'one', min: 0, max: 0 });

const MODES = ['http', 'tcp'] as const;
const MATCHES = ['exact', 'prefix', 'suffix', 'contains', 'regex', 'dir'] as const;
const CONDITION_WORDS = ['when', 'and', 'not', 'path', 'host', 'header', 'method', 'source', 'present', ...MATCHES] as const;
const SERVER_OPTIONS = ['weight', 'maxconn', 'backup', 'nocheck', 'inter', 'fastinter', 'rise', 'fall', 'slowstart', 'ssl', 'verify', 'none', 'required', 'ca', 'sni', 'send-proxy'] as const;

const d = {
  mode: { doc: 'Proxy mode: http (layer 7) or tcp (layer 4).', syntax: 'http|tcp', groups: 'one', min: 1, max: 1, words: MODES },
  timeout: {
    doc: 'Timeouts, e.g. `timeout connect 5s, client 30s, server 30s`.', syntax: 'KIND DURATION, ...', groups: 'list', min: 2, max: 2,
    repeatable: true, words: TIMEOUT_KINDS,
  },
  maxconn: { doc: 'Maximum concurrent connections.', syntax: 'N', groups: 'one', min: 1, max: 1 },
  log: flag('Log requests: `log global` plus httplog (tcplog in tcp mode).'),
  retries: { doc: 'Retries before giving up on a request (lb default 3; 0 turns retries off).', syntax: 'N', groups: 'one', min: 1, max: 1 },
  redispatch: { doc: 'Retry on another server when the chosen one fails (lb default on: option redispatch 1); `redispatch false` turns it off.', syntax: '[true|false]', groups: 'one', min: 0, max: 1 },
  retryOn: { doc: 'Conditions that trigger a retry in http mode (lb default: failures that show the server never answered, idempotent methods only); `retry-on none` turns them off.', syntax: 'CONDITION...', groups: 'one', min: 1, words: ['all-retryable-errors', 'none', 'conn-failure', 'empty-response', 'junk-response', 'response-timeout', '0rtt-rejected', '404', '408', '425', '500', '501', '502', '503', '504'] },
  forwardfor: flag('Add an X-Forwarded-For header with the client address (option forwardfor).'),
  balance: { doc: 'Load-balancing algorithm, with an argument for hdr, url_param, hash, random and rdp-cookie.', syntax: 'ALGORITHM [ARG]', groups: 'one', min: 1, max: 2, words: BALANCE_ALGORITHMS },
  health: {
    doc: 'Health check of the servers: tcp (default), http with method/path/expectations, or none.',
    syntax: 'tcp|none|http [METHOD] [PATH] [host H] [expect STATUS] [every D] [rise N] [fall N] [ssl]', groups: 'one', min: 1,
    words: ['tcp', 'http', 'none', 'host', 'expect', 'every', 'rise', 'fall', 'ssl', 'GET', 'HEAD', 'OPTIONS', 'POST'],
  },
  serverDefaults: { doc: 'Options applied to every server of the proxy (default-server).', syntax: 'OPTION...', groups: 'one', min: 1, words: SERVER_OPTIONS },
  server: { doc: 'A backend server: name, address and options; `run demo` or `run "COMMAND"` tells `lb run` to start it.', syntax: 'NAME ADDRESS [weight N] [maxconn N] [backup] [nocheck] [inter D] [fastinter D] [rise N] [fall N] [slowstart D] [ssl [verify none|required] [ca FILE] [sni NAME]] [send-proxy] [run demo|"COMMAND"]', groups: 'one', min: 2, repeatable: true, words: [...SERVER_OPTIONS, 'run', 'demo'] },
  bind: { doc: 'Listening addresses, e.g. `*:80`, `10.0.0.1:443 tls "/etc/haproxy/site.pem"`, `*:8000..8010`.', syntax: 'ADDRESS [tls CERT] [alpn LIST] [transparent], ...', groups: 'list', min: 1, repeatable: true, words: ['tls', 'alpn', 'min-tls', 'transparent'] },
  route: { doc: 'Send matching requests to a backend: `route api when path prefix "/api"`.', syntax: 'BACKEND when CONDITION [and CONDITION...]', groups: 'one', min: 3, repeatable: true, words: CONDITION_WORDS },
  default: { doc: 'The backend for requests no route matches (default_backend).', syntax: 'BACKEND', groups: 'one', min: 1, max: 1 },
  redirect: { doc: 'Redirect plain HTTP to HTTPS.', syntax: 'https [code 301|302|303|307|308]', groups: 'one', min: 1, max: 3, repeatable: false, words: ['https', 'code'] },
  deny: { doc: 'Refuse matching requests.', syntax: '[status N] [when CONDITION...]', groups: 'one', min: 0, repeatable: true, words: ['status', ...CONDITION_WORDS] },
  setHeader: { doc: 'Set a request header, replacing any previous value.', syntax: 'NAME VALUE', groups: 'one', min: 2, max: 2, repeatable: true },
  addHeader: { doc: 'Add a request header.', syntax: 'NAME VALUE', groups: 'one', min: 2, max: 2, repeatable: true },
  delHeader: { doc: 'Remove a request header.', syntax: 'NAME', groups: 'one', min: 1, max: 1, repeatable: true },
  on: { doc: 'Emit this proxy only on these load-balancer hosts (default: all).', syntax: 'HOST, ...', groups: 'list', min: 1, max: 1 },
  raw: { doc: 'A configuration line passed through verbatim (reported as info LB1016).', syntax: 'TEXT', groups: 'one', min: 1, max: 1, repeatable: true },
} satisfies Record<string, DirectiveSpec>;

const proxyShared = { mode: d.mode, timeout: d.timeout, on: d.on, raw: d.raw } as const;
const frontendOnly = {
  bind: { ...d.bind, required: true }, route: d.route, default: d.default, redirect: d.redirect, deny: d.deny,
  'set-header': d.setHeader, 'add-header': d.addHeader, 'del-header': d.delHeader, maxconn: d.maxconn, log: d.log, forwardfor: d.forwardfor,
} as const;
const backendOnly = {
  balance: d.balance, health: d.health, 'server-defaults': d.serverDefaults, server: d.server, forwardfor: d.forwardfor,
  'set-header': d.setHeader, 'add-header': d.addHeader, 'del-header': d.delHeader, retries: d.retries, redispatch: d.redispatch,
  'retry-on': d.retryOn,
} as const;
const proxyHeader = { min: 1, max: 3, words: ['from'] };

export const SCHEMA: Record<BlockKind, BlockSpec> = {
  global: {
    doc: 'Process-wide HAProxy settings.', syntax: 'global { ... }', header: { min: 0, max: 0 },
    directives: {
      maxconn: { ...d.maxconn, doc: 'Maximum concurrent connections of the whole process.' },
      threads: { doc: 'Number of worker threads (nbthread).', syntax: 'N', groups: 'one', min: 1, max: 1 },
      log: { doc: 'Where HAProxy logs: `stdout`, `stderr`, a unix socket path or IP:PORT, then the facility and an optional level.', syntax: 'TARGET FACILITY [LEVEL]', groups: 'one', min: 2, max: 3, repeatable: true, words: ['stdout', 'stderr', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7', 'emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] },
      socket: { doc: 'Runtime API socket path (stats socket ... mode 600 level admin).', syntax: 'PATH', groups: 'one', min: 1, max: 1 },
      user: { doc: 'User HAProxy runs as.', syntax: 'NAME', groups: 'one', min: 1, max: 1 },
      group: { doc: 'Group HAProxy runs as.', syntax: 'NAME', groups: 'one', min: 1, max: 1 },
      chroot: { doc: 'Directory HAProxy chroots into.', syntax: 'PATH', groups: 'one', min: 1, max: 1 },
      daemon: flag('Run in the background.'),
      raw: d.raw,
    },
  },
  defaults: {
    doc: 'Settings shared by proxies: unnamed applies to all, named ones are taken with `from NAME`.', syntax: 'defaults [NAME] { ... }',
    header: { min: 0, max: 1 },
    directives: {
      mode: d.mode, timeout: d.timeout, maxconn: d.maxconn, log: d.log, retries: d.retries, redispatch: d.redispatch,
      'retry-on': d.retryOn, forwardfor: d.forwardfor, balance: d.balance, health: d.health, 'server-defaults': d.serverDefaults,
      raw: d.raw,
    },
  },
  frontend: {
    doc: 'Accepts client connections and routes them to backends.', syntax: 'frontend NAME [from DEFAULTS] { ... }', header: proxyHeader,
    directives: { ...proxyShared, ...frontendOnly },
  },
  backend: {
    doc: 'A pool of servers.', syntax: 'backend NAME [from DEFAULTS] { ... }', header: proxyHeader,
    directives: { ...proxyShared, ...backendOnly },
  },
  listen: {
    doc: 'A frontend and a backend in one block (binds and servers together).', syntax: 'listen NAME [from DEFAULTS] { ... }', header: proxyHeader,
    directives: { ...proxyShared, ...frontendOnly, ...backendOnly },
  },
  stats: {
    doc: 'The HAProxy statistics page.', syntax: 'stats [NAME] { ... }', header: { min: 0, max: 1 },
    directives: {
      bind: { ...d.bind, doc: 'Address of the statistics page.', groups: 'one', syntax: 'ADDRESS', required: true, repeatable: false },
      uri: { doc: 'Path of the page (default /stats).', syntax: 'PATH', groups: 'one', min: 1, max: 1 },
      auth: { doc: 'A user allowed to see the page; repeatable.', syntax: 'USER PASSWORD', groups: 'one', min: 2, max: 2, repeatable: true },
      realm: { doc: 'Authentication realm shown by the browser.', syntax: 'TEXT', groups: 'one', min: 1, max: 1 },
      refresh: { doc: 'Auto-refresh interval of the page.', syntax: 'DURATION', groups: 'one', min: 1, max: 1 },
      admin: flag('Enable admin actions on the page (requires auth).'),
      'hide-version': flag('Do not show the HAProxy version.'),
      on: d.on,
    },
  },
  host: {
    doc: 'A machine: its interfaces, addresses and roles.', syntax: 'host NAME { ... }', header: { min: 1, max: 1 },
    directives: {
      interface: { doc: 'A network interface and its own address with prefix, e.g. `eth1 10.0.0.11/24`.', syntax: 'NAME [CIDR]', groups: 'one', min: 1, max: 2, repeatable: true },
      address: { doc: 'Addresses of the host, primary first (default: the interfaces\' addresses).', syntax: 'IP, ...', groups: 'list', min: 1 },
      roles: { doc: 'What the host does: lb, control-plane, etcd, worker, registry.', syntax: 'ROLE, ...', groups: 'list', min: 1, words: HOST_ROLES },
      'nonlocal-bind': flag('The host has net.ipv4.ip_nonlocal_bind=1, so HAProxy may bind a VIP it does not hold.'),
    },
  },
  vrrp: {
    doc: 'A keepalived VRRP instance: a virtual IP shared by member hosts.', syntax: 'vrrp NAME { ... }', header: { min: 1, max: 1 },
    directives: {
      vip: { doc: 'Virtual IPs; a bare IP means /32.', syntax: 'CIDR|IP, ...', groups: 'list', min: 1, repeatable: true, required: true },
      interface: { doc: 'Interface carrying the VIP (default: the member\'s interface whose subnet holds the VIP).', syntax: 'NAME', groups: 'one', min: 1, max: 1 },
      'router-id': { doc: 'Virtual router id 1-255, unique per network segment.', syntax: 'N', groups: 'one', min: 1, max: 1, required: true },
      members: { doc: 'Member hosts and their priorities.', syntax: 'HOST priority N, ...', groups: 'list', min: 1, max: 3, required: true, words: ['priority'] },
      master: { doc: 'The member that starts as MASTER (default: the highest priority).', syntax: 'HOST', groups: 'one', min: 1, max: 1 },
      auth: { doc: 'PASS authentication password (at most 8 characters); use secret(env("...")).', syntax: '[pass|ah] PASSWORD', groups: 'one', min: 1, max: 2, words: ['pass', 'ah'] },
      advert: { doc: 'Advertisement interval (default 1s).', syntax: 'DURATION', groups: 'one', min: 1, max: 1 },
      unicast: flag('Send advertisements to the peers directly (default).'),
      multicast: flag('Send advertisements by multicast.'),
      version: { doc: 'VRRP version, 2 (default) or 3.', syntax: '2|3', groups: 'one', min: 1, max: 1 },
      nopreempt: flag('A recovered higher-priority node does not take the VIP back.'),
      track: { doc: 'Move the VIP when haproxy dies.', syntax: 'haproxy [every D] [weight N] [fall N] [rise N]', groups: 'one', min: 1, words: ['haproxy', 'every', 'weight', 'fall', 'rise'] },
      raw: d.raw,
    },
  },
  cluster: {
    doc: 'A Kubernetes cluster installed by KubeKey.', syntax: 'cluster NAME { ... }', header: { min: 1, max: 1 },
    directives: {
      kubernetes: { doc: 'Kubernetes version and container manager.', syntax: 'VERSION [with docker|containerd|crio|isula]', groups: 'one', min: 1, max: 3, required: true, words: ['with', ...CONTAINER_MANAGERS] },
      network: { doc: 'Network plugin and the pod and service CIDRs.', syntax: 'PLUGIN [pods CIDR] [services CIDR]', groups: 'one', min: 1, max: 5, words: ['pods', 'services', ...NETWORK_PLUGINS] },
      node: {
        doc: 'A node: name, SSH address and roles.', syntax: 'NAME [ADDRESS] [internal IP] [user U] [port N] [key PATH] [password SECRET] [arch amd64|arm64] roles ROLE, ...',
        groups: 'list', min: 1, repeatable: true, words: ['internal', 'user', 'port', 'key', 'password', 'arch', 'roles', 'amd64', 'arm64', ...NODE_ROLES],
      },
      etcd: { doc: 'etcd deployment: kubekey (default), kubeadm or external with endpoints.', syntax: 'kubekey|kubeadm|external [endpoints URL, ...]', groups: 'list', min: 1, words: ['kubekey', 'kubeadm', 'external', 'endpoints'] },
      registry: { doc: 'Container registries: mirrors, insecure registries and a private registry.', syntax: '[mirror URL...] [insecure HOST...] [private HOST]', groups: 'one', min: 2, repeatable: true, words: ['mirror', 'insecure', 'private'] },
      endpoint: {
        doc: 'How the API server is reached: a vrrp name, internal-haproxy, kube-vip or an address.',
        syntax: 'VRRP|internal-haproxy [address IP]|kube-vip [IP] [mode ARP|BGP]|IP [port N] [domain NAME]', groups: 'one', min: 1, words: ['internal-haproxy', 'kube-vip', 'address', 'port', 'domain', 'mode', 'ARP', 'BGP'],
      },
      'proxy-mode': { doc: 'kube-proxy mode.', syntax: 'ipvs|iptables', groups: 'one', min: 1, max: 1, words: ['ipvs', 'iptables'] },
      'cluster-name': { doc: 'Kubernetes cluster name (default: the block name).', syntax: 'NAME', groups: 'one', min: 1, max: 1 },
      'max-pods': { doc: 'Maximum pods per node.', syntax: 'N', groups: 'one', min: 1, max: 1 },
      'auto-renew-certs': { doc: 'Renew the cluster certificates automatically.', syntax: '[true|false]', groups: 'one', min: 0, max: 1 },
    },
  },
};

export function isBlockKind(name: string): name is BlockKind {
  return (BLOCK_KINDS as readonly string[]).includes(name);
}

/** Blocks in which a directive name is valid (for "not allowed here, it belongs in ..."). */
export function blocksAllowing(directive: string): BlockKind[] {
  return BLOCK_KINDS.filter((k) => Object.prototype.hasOwnProperty.call(SCHEMA[k].directives, directive));
}

const KEYWORDS = new Set<string>([...BLOCK_KINDS, ...BLOCK_KINDS.flatMap((k) => Object.keys(SCHEMA[k].directives))]);

/** Block and directive names: a variable with one of these names is confusing (LB1018). */
export function isKeyword(name: string): boolean {
  return KEYWORDS.has(name);
}

const WORDS_BY_DIRECTIVE = new Map<string, Set<string>>();
for (const kind of BLOCK_KINDS) {
  WORDS_BY_DIRECTIVE.set(kind, new Set([...(WORDS_BY_DIRECTIVE.get(kind) ?? []), ...(SCHEMA[kind].header.words ?? [])]));
  for (const [name, spec] of Object.entries(SCHEMA[kind].directives)) {
    WORDS_BY_DIRECTIVE.set(name, new Set([...(WORDS_BY_DIRECTIVE.get(name) ?? []), ...(spec.words ?? [])]));
  }
}

/** Keywords a directive (or block header) understands in any block, e.g. `weight` for `server`. */
export function wordsOf(keyword: string): ReadonlySet<string> {
  return WORDS_BY_DIRECTIVE.get(keyword) ?? new Set();
}
