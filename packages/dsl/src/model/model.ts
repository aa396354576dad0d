/**
 * The semantic model: everything a `.lb` program declares, fully evaluated (no scripting left), typed, resolved
 * where possible, and with a source span on every element. It is the only input of the checks and the emitters;
 * neither ever sees syntax. One model feeds all three targets, so cross-artifact facts are stated once.
 */
import type { Span } from '../diagnostics/diagnostic.ts';
import type { Address, Cidr, Duration, Ip, SecretOr } from './values.ts';

/** A reference to a declared name, kept with the span where it was written (for "unknown name" and go-to-definition). */
export interface Ref {
  name: string;
  span: Span;
}

/** Where an element came from: written by the user, or derived from another element (e.g. a cluster endpoint). */
export type Origin = { kind: 'user' } | { kind: 'derived'; from: string; span: Span };

/** A line passed through verbatim by `raw "..."`; still injection-checked at emit time. */
export interface RawLine {
  text: string;
  span: Span;
}

export type Mode = 'http' | 'tcp';

export const BALANCE_ALGORITHMS = [
  'roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'url_param', 'hdr', 'random', 'rdp-cookie', 'hash',
] as const;
export type BalanceAlgorithm = (typeof BALANCE_ALGORITHMS)[number];

export interface Balance {
  algorithm: BalanceAlgorithm;
  /** Argument for url_param / hdr / hash / random / rdp-cookie, e.g. the header name. */
  argument?: string;
  span: Span;
}

export const TIMEOUT_KINDS = [
  'connect', 'client', 'server', 'check', 'queue', 'tunnel', 'http-request', 'http-keep-alive', 'client-fin', 'server-fin',
] as const;
export type TimeoutKind = (typeof TIMEOUT_KINDS)[number];

export interface Timeout {
  value: Duration;
  span: Span;
}
export type Timeouts = Partial<Record<TimeoutKind, Timeout>>;

export interface LogTarget {
  /** `stdout`, `stderr`, a unix path like `/dev/log`, or `ip:port`. */
  target: string;
  facility: string;
  level?: string;
  span: Span;
}

export interface Global {
  maxconn?: number;
  nbthread?: number;
  logs: LogTarget[];
  /** Path of the runtime API socket (`stats socket`), admin level, mode 600. */
  statsSocket?: string;
  user?: string;
  group?: string;
  chroot?: string;
  daemon?: boolean;
  raw: RawLine[];
  span?: Span;
}

/** Settings shared by proxies. The unnamed `defaults` block applies to every proxy; named ones are opted into with `from`. */
export interface Defaults {
  name?: string;
  mode?: Mode;
  timeouts: Timeouts;
  maxconn?: number;
  /** `log global` + httplog/tcplog according to mode. */
  log?: boolean;
  retries?: number;
  redispatch?: boolean;
  /** `retry-on` conditions, e.g. ['all-retryable-errors']. */
  retryOn?: string[];
  forwardfor?: boolean;
  balance?: Balance;
  health?: HealthCheck;
  serverDefaults?: ServerOptions;
  raw: RawLine[];
  span: Span;
}

/** Which load-balancer hosts a proxy is emitted on; undefined = every load-balancer host. */
export type Placement = Ref[] | undefined;

export interface Bind {
  address: Address;
  tls?: { cert: string; alpn?: string[]; minVersion?: string };
  /** Bind even if the address is not (yet) local: needed for a VIP on a BACKUP node. */
  transparent?: boolean;
  span: Span;
}

export type MatchKind = 'exact' | 'prefix' | 'suffix' | 'contains' | 'regex' | 'dir';

export type Condition =
  | { kind: 'path'; match: MatchKind; values: string[]; negate?: boolean; span: Span }
  | { kind: 'host'; match: MatchKind; values: string[]; negate?: boolean; span: Span }
  | { kind: 'header'; name: string; match: MatchKind | 'present'; values: string[]; negate?: boolean; span: Span }
  | { kind: 'method'; values: string[]; negate?: boolean; span: Span }
  | { kind: 'source'; cidrs: Cidr[]; negate?: boolean; span: Span };

/** `route BACKEND when COND [and COND ...]`: all conditions must hold. Emitted as ACLs plus `use_backend`. */
export interface Route {
  backend: Ref;
  conditions: Condition[];
  span: Span;
}

export type HttpAction =
  | { kind: 'set-header' | 'add-header'; name: string; value: string; span: Span }
  | { kind: 'del-header'; name: string; span: Span }
  | { kind: 'redirect-https'; code?: number; span: Span }
  | { kind: 'deny'; status?: number; conditions: Condition[]; span: Span };

export interface Frontend {
  name: string;
  nameSpan: Span;
  span: Span;
  origin: Origin;
  /** Named defaults this proxy takes its settings from (`from NAME`). */
  from?: Ref;
  mode?: Mode;
  binds: Bind[];
  routes: Route[];
  defaultBackend?: Ref;
  maxconn?: number;
  timeouts: Timeouts;
  log?: boolean;
  forwardfor?: boolean;
  httpActions: HttpAction[];
  placement: Placement;
  raw: RawLine[];
}

export interface HealthCheck {
  kind: 'tcp' | 'http' | 'none';
  method?: string;
  path?: string;
  /** Host header for HTTP checks. */
  host?: string;
  /** Expected status code, or a status-range text like '2xx' (emitted as rstatus). */
  expect?: number | string;
  interval?: Duration;
  rise?: number;
  fall?: number;
  /** Check over TLS (e.g. kube-apiserver /healthz). */
  ssl?: boolean;
  span: Span;
}

export interface ServerOptions {
  weight?: number;
  maxconn?: number;
  backup?: boolean;
  /** false = explicitly `nocheck`. undefined = follow the backend's health setting. */
  check?: boolean;
  inter?: Duration;
  /** Check interval while a server is changing state (one check failed, or coming back); haproxy `fastinter`. */
  fastinter?: Duration;
  rise?: number;
  fall?: number;
  slowstart?: Duration;
  ssl?: { verify: 'none' | 'required'; ca?: string; sni?: string };
  sendProxy?: boolean;
}

/** What `lb run` starts for a server (`run demo`, `run "COMMAND"`); only on a loopback address. Emitters ignore it. */
export type ServerRun =
  /** lb's built-in demo HTTP server, answering `server NAME port PORT`. */
  | { kind: 'demo'; span: Span }
  /** A shell command; it gets PORT, HOST and SERVER_NAME in its environment. */
  | { kind: 'command'; command: string; span: Span };

export interface Server extends ServerOptions {
  name: string;
  nameSpan: Span;
  address: Address;
  addressSpan: Span;
  span: Span;
  run?: ServerRun;
}

export interface Backend {
  name: string;
  nameSpan: Span;
  span: Span;
  origin: Origin;
  from?: Ref;
  mode?: Mode;
  balance?: Balance;
  health?: HealthCheck;
  servers: Server[];
  serverDefaults?: ServerOptions;
  timeouts: Timeouts;
  retries?: number;
  redispatch?: boolean;
  retryOn?: string[];
  forwardfor?: boolean;
  httpActions: HttpAction[];
  placement: Placement;
  raw: RawLine[];
}

export interface StatsAuth {
  user: string;
  password: SecretOr<string>;
  span: Span;
}

/** The statistics page, emitted as its own `listen` section in http mode. */
export interface Stats {
  name: string;
  span: Span;
  bind: Bind;
  uri: string;
  auth: StatsAuth[];
  realm?: string;
  refresh?: Duration;
  admin: boolean;
  hideVersion: boolean;
  placement: Placement;
}

// ---------- machines ----------

export interface Interface {
  name: string;
  /** The interface's own address with its prefix, e.g. 10.182.0.11/24. */
  address?: Cidr;
  span: Span;
}

export const HOST_ROLES = ['lb', 'control-plane', 'etcd', 'worker', 'registry'] as const;
export type HostRole = (typeof HOST_ROLES)[number];

export interface Host {
  name: string;
  nameSpan: Span;
  span: Span;
  /** Primary address first. */
  addresses: Ip[];
  interfaces: Interface[];
  roles: HostRole[];
  /** `net.ipv4.ip_nonlocal_bind=1` is set on this host (lets haproxy bind a VIP it does not hold). */
  nonlocalBind?: boolean;
  origin: Origin;
}

// ---------- VRRP / keepalived ----------

export interface VrrpMember {
  host: Ref;
  priority: number;
  span: Span;
}

export interface Vrrp {
  name: string;
  nameSpan: Span;
  span: Span;
  /** Interface name on every member; defaults to the member host's interface whose subnet holds the VIP. */
  interface?: { name: string; span: Span };
  vips: { cidr: Cidr; span: Span }[];
  routerId: { value: number; span: Span };
  members: VrrpMember[];
  /** The member that starts as MASTER; defaults to the highest priority. */
  master?: Ref;
  auth?: { type: 'PASS' | 'AH'; password: SecretOr<string>; span: Span };
  /** Advertisement interval. */
  advert: { value: Duration; span?: Span };
  /** Unicast (peers listed explicitly, the default) or multicast. */
  unicast: boolean;
  version: 2 | 3;
  nopreempt?: { span: Span };
  track?: { target: 'haproxy'; interval: Duration; weight: number; fall?: number; rise?: number; span: Span };
  raw: RawLine[];
}

// ---------- Kubernetes cluster (KubeKey) ----------

export const CONTAINER_MANAGERS = ['docker', 'containerd', 'crio', 'isula'] as const;
export const NETWORK_PLUGINS = ['calico', 'flannel', 'cilium', 'kubeovn', 'hybridnet', 'none'] as const;
export const NODE_ROLES = ['control-plane', 'etcd', 'worker', 'registry'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

export interface ClusterNode {
  name: string;
  nameSpan: Span;
  span: Span;
  /** SSH address. */
  address: Ip;
  /** Cluster-internal address; defaults to `address`. */
  internalAddress?: Ip;
  roles: NodeRole[];
  user?: string;
  sshPort?: number;
  password?: SecretOr<string>;
  privateKeyPath?: string;
  arch?: 'amd64' | 'arm64';
  labels?: Record<string, string>;
}

export type ControlPlaneEndpoint =
  /** Through a `vrrp` block's first VIP; lb derives the apiserver frontend/backend on the VRRP members. */
  | { kind: 'vrrp'; vrrp: Ref; port: number; domain?: string; span: Span }
  /** KubeKey's internal haproxy on each worker. */
  | { kind: 'internal-haproxy'; port: number; domain?: string; address?: Ip; span: Span }
  | { kind: 'kube-vip'; address?: Ip; port: number; mode: 'ARP' | 'BGP'; domain?: string; span: Span }
  /** An address managed elsewhere (an external LB lb does not manage). */
  | { kind: 'address'; address: Ip; port: number; domain?: string; span: Span };

export interface Cluster {
  name: string;
  nameSpan: Span;
  span: Span;
  kubernetes: { version: string; span: Span; containerManager?: (typeof CONTAINER_MANAGERS)[number]; clusterName?: string; proxyMode?: 'ipvs' | 'iptables'; autoRenewCerts?: boolean; maxPods?: number };
  network: { plugin: (typeof NETWORK_PLUGINS)[number]; pods: { cidr: Cidr; span: Span }; services: { cidr: Cidr; span: Span }; span: Span };
  nodes: ClusterNode[];
  etcd: { type: 'kubekey' | 'kubeadm' | 'external'; endpoints?: string[]; span?: Span };
  registry?: { privateRegistry?: string; mirrors: string[]; insecure: string[]; span: Span };
  endpoint?: ControlPlaneEndpoint;
  raw: RawLine[];
}

/** A whole evaluated program. Arrays keep declaration order (which is also output order). */
export interface Model {
  global: Global;
  defaults: Defaults[];
  frontends: Frontend[];
  backends: Backend[];
  stats: Stats[];
  hosts: Host[];
  vrrps: Vrrp[];
  clusters: Cluster[];
  /** Every file that contributed, entry file first (for output headers). */
  sources: string[];
}

export function emptyModel(entry: string): Model {
  return { global: { logs: [], raw: [] }, defaults: [], frontends: [], backends: [], stats: [], hosts: [], vrrps: [], clusters: [], sources: [entry] };
}
