/** cluster blocks (KubeKey). Nodes named like a host take the host's address when none is written. */
import {
  CONTAINER_MANAGERS, NETWORK_PLUGINS, NODE_ROLES, type Cluster, type ClusterNode, type ControlPlaneEndpoint, type Host, type NodeRole,
} from '../../model/model.ts';
import { parseCidr } from '../../model/values.ts';
import type { Reporter } from '../report.ts';
import type { Decl, EvalValue } from '../values.ts';
import { Args } from './args.ts';
import { toIp, toText } from './coerce.ts';
import { blockName } from './machines.ts';
import { dropUndefined } from './settings.ts';
import { args, walkBody } from './walk.ts';

const DEFAULT_PODS = parseCidr('10.233.64.0/18')!;
const DEFAULT_SERVICES = parseCidr('10.233.0.0/18')!;
const NODE_OPTIONS = ['internal', 'user', 'port', 'key', 'password', 'arch', 'roles'];

export function buildCluster(block: Decl, reporter: Reporter, hosts: readonly Host[]): Cluster | undefined {
  const name = blockName(block, reporter);
  if (!name) return undefined;
  const cluster: Cluster = {
    name: name.name, nameSpan: name.span, span: block.span,
    kubernetes: { version: '', span: block.keywordSpan },
    network: { plugin: 'calico', pods: { cidr: DEFAULT_PODS, span: block.keywordSpan }, services: { cidr: DEFAULT_SERVICES, span: block.keywordSpan }, span: block.keywordSpan },
    nodes: [], etcd: { type: 'kubekey' }, raw: [],
  };
  const registry = { mirrors: [] as string[], insecure: [] as string[], privateRegistry: undefined as string | undefined };
  let registrySpan: Decl['span'] | undefined;
  const k = cluster.kubernetes;
  walkBody('cluster', block, {
    kubernetes: (decl) => {
      const a = args(decl, reporter);
      const v = a.value('the Kubernetes version, e.g. v1.28.8');
      const version = v && (v.kind === 'version' ? v.text : v.kind === 'string' && /^v?\d+\.\d+\.\d+$/.test(v.value) ? (v.value.startsWith('v') ? v.value : `v${v.value}`) : undefined);
      if (v && !version) a.typeError(v, 'a version such as v1.28.8');
      if (version) Object.assign(k, { version, span: v!.span });
      if (a.takeWord('with')) k.containerManager = a.choice('a container manager', CONTAINER_MANAGERS);
      a.finish(['with']);
    },
    network: (decl) => {
      const a = args(decl, reporter);
      const plugin = a.choice('a network plugin', NETWORK_PLUGINS);
      if (plugin) cluster.network = { ...cluster.network, plugin, span: decl.span };
      for (;;) {
        const which = a.peekWord('pods', 'services') as 'pods' | 'services' | undefined;
        if (!which) break;
        a.next();
        const v = a.peek();
        const cidr = a.cidr(`the ${which} CIDR`);
        if (cidr && v) cluster.network[which] = { cidr, span: v.span };
      }
      a.finish(['pods', 'services']);
    },
    node: (decl) => {
      const node = readNode(decl, reporter, hosts);
      if (node) cluster.nodes.push(node);
    },
    etcd: (decl) => {
      const a = args(decl, reporter);
      const type = a.choice('the etcd type', ['kubekey', 'kubeadm', 'external'] as const);
      if (!type) return;
      cluster.etcd = { type, span: decl.span };
      if (a.takeWord('endpoints')) {
        // URLs may be juxtaposed or comma-separated: `endpoints "https://a:2379", "https://b:2379"`.
        const endpoints: string[] = [];
        const readAll = (r: Args) => {
          while (!r.done) {
            const t = r.text('an etcd endpoint URL');
            if (t !== undefined) endpoints.push(t);
          }
        };
        readAll(a);
        decl.groups.slice(1).forEach((_, i) => readAll(args(decl, reporter, i + 1)));
        cluster.etcd.endpoints = endpoints;
      } else if (decl.groups.length > 1) {
        reporter.report('LB1008', decl.groups[1][0]?.span ?? decl.span, "Only the endpoint list of 'etcd' may be comma-separated: etcd external endpoints URL, URL.");
      }
      a.finish(['endpoints']);
    },
    registry: (decl) => {
      registrySpan ??= decl.span;
      const a = args(decl, reporter);
      while (!a.done) {
        const which = a.peekWord('mirror', 'insecure', 'private');
        if (!which) break;
        a.next();
        const first = a.text(which === 'mirror' ? 'a mirror URL' : 'a registry host');
        if (first === undefined) continue;
        if (which === 'private') registry.privateRegistry = first;
        else (which === 'mirror' ? registry.mirrors : registry.insecure).push(first);
        // Further values without a keyword belong to the same list: `mirror "a" "b"`.
        while (which !== 'private' && !a.done && a.peek()!.kind === 'string') (which === 'mirror' ? registry.mirrors : registry.insecure).push(a.text('a value')!);
      }
      a.finish(['mirror', 'insecure', 'private']);
    },
    endpoint: (decl) => (cluster.endpoint = readEndpoint(decl, reporter)),
    'proxy-mode': (decl) => (k.proxyMode = args(decl, reporter).choice('a kube-proxy mode', ['ipvs', 'iptables'] as const)),
    'cluster-name': (decl) => (k.clusterName = args(decl, reporter).text('the cluster name')),
    'max-pods': (decl) => (k.maxPods = args(decl, reporter).number('max-pods', 1, 10_000)),
    'auto-renew-certs': (decl) => {
      const a = args(decl, reporter);
      if (a.done) {
        k.autoRenewCerts = true;
        return;
      }
      const v = a.value('true or false');
      if (v?.kind === 'bool') k.autoRenewCerts = v.value;
      else if (v) a.typeError(v, 'true or false');
    },
  }, reporter);
  if (registrySpan) cluster.registry = dropUndefined({ ...registry, span: registrySpan });
  cluster.kubernetes = dropUndefined(k);
  return cluster;
}

function readNode(decl: Decl, reporter: Reporter, hosts: readonly Host[]): ClusterNode | undefined {
  const a = args(decl, reporter);
  const name = a.name('the node name');
  if (!name) return undefined;
  const node: Partial<ClusterNode> & { roles: NodeRole[] } = { name: name.name, nameSpan: name.span, span: decl.span, roles: [] };
  const next = a.peek();
  if (next && next.kind !== 'word' && next.kind !== 'none') node.address = a.ip('the node address');
  else if (next?.kind === 'none') a.next();
  let sawRoles = false;
  while (!a.done) {
    const word = a.peekWordIn(NODE_OPTIONS);
    if (!word) break;
    a.next();
    if (word === 'internal') node.internalAddress = a.ip('the internal address');
    else if (word === 'user') node.user = a.text('the SSH user');
    else if (word === 'port') node.sshPort = a.port('the SSH port');
    else if (word === 'key') node.privateKeyPath = a.text('the SSH private key path');
    else if (word === 'password') node.password = a.secretOrText('the SSH password, e.g. secret(env("SSH_PASS"))');
    else if (word === 'arch') node.arch = a.choice('an architecture', ['amd64', 'arm64'] as const);
    else {
      // roles consume the rest of this group and every following comma group.
      sawRoles = true;
      const values: EvalValue[] = [...a.rest(), ...decl.groups.slice(1).flat()];
      for (const v of values) {
        if (v.kind === 'none') continue;
        const roleArgs = new Args([v], reporter, 'node', decl.span);
        const role = roleArgs.choice('a node role', NODE_ROLES);
        if (role && !node.roles.includes(role)) node.roles.push(role);
      }
    }
  }
  a.finish(NODE_OPTIONS);
  if (!sawRoles) {
    if (decl.groups.length > 1) reporter.report('LB1008', decl.groups[1][0]?.span ?? decl.span, "Only 'roles' takes a comma-separated list in 'node'.");
    reporter.report('LB1007', decl.span, `Node '${name.name}' has no roles. Add e.g. 'roles worker' or 'roles control-plane, etcd'.`, undefined, { missing: 'roles' });
    return undefined;
  }
  if (!node.address) {
    const host = hosts.find((h) => h.name === name.name);
    if (host && host.addresses.length > 0) node.address = host.addresses[0];
    else if (next?.kind !== 'none' && !a.failed) {
      reporter.report('LB1007', name.span, `Node '${name.name}' has no address. Write it after the name (node ${name.name} 10.0.0.5 ...) or declare 'host ${name.name}'.`, undefined, { missing: 'address' });
      return undefined;
    }
  }
  if (!node.address) return undefined;
  return dropUndefined(node as ClusterNode);
}

function readEndpoint(decl: Decl, reporter: Reporter): ControlPlaneEndpoint | undefined {
  const a = args(decl, reporter);
  const first = a.value('a vrrp name, internal-haproxy, kube-vip or an IP address');
  if (!first) return undefined;
  const options = ['port', 'domain'];
  let endpoint: ControlPlaneEndpoint;
  const ip = toIp(first);
  if (first.kind === 'word' && first.name === 'internal-haproxy') {
    endpoint = { kind: 'internal-haproxy', port: 6443, span: decl.span };
    options.push('address');
  } else if (first.kind === 'word' && first.name === 'kube-vip') {
    const next = a.peek();
    const address = next && next.kind !== 'word' ? a.ip('the kube-vip address') : undefined;
    endpoint = dropUndefined({ kind: 'kube-vip', address, port: 6443, mode: 'ARP', span: decl.span } as ControlPlaneEndpoint);
    options.push('mode');
  } else if (ip) {
    endpoint = { kind: 'address', address: ip, port: 6443, span: decl.span };
  } else if (first.kind === 'word' || first.kind === 'string') {
    endpoint = { kind: 'vrrp', vrrp: { name: toText(first)!, span: first.span }, port: 6443, span: decl.span };
  } else {
    return a.typeError(first, 'a vrrp name, internal-haproxy, kube-vip or an IP address');
  }
  for (;;) {
    const word = a.peekWord(...options);
    if (!word) break;
    a.next();
    if (word === 'port') endpoint.port = a.port('the API server port') ?? endpoint.port;
    else if (word === 'domain') endpoint.domain = a.text('the API server domain name');
    else if (word === 'address' && endpoint.kind === 'internal-haproxy') endpoint.address = a.ip('the load balancer address');
    else if (word === 'mode' && endpoint.kind === 'kube-vip') endpoint.mode = a.choice('ARP or BGP', ['ARP', 'BGP'] as const) ?? endpoint.mode;
  }
  a.finish(options);
  return dropUndefined(endpoint);
}
