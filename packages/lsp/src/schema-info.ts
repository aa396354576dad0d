/**
 * Reading lb's declarative schema for the editor: which directives a block takes, which words an argument accepts,
 * what kind of declared name an argument position expects (from the placeholders of each `syntax` string), and
 * where the upstream reference of each keyword lives.
 */
import { BLOCK_KINDS, SCHEMA, blocksAllowing, type BlockKind, type DirectiveSpec } from '@lb/dsl';

export function isBlockKindName(name: string): name is BlockKind {
  return (BLOCK_KINDS as readonly string[]).includes(name);
}

export function directiveSpec(block: string | undefined, directive: string): DirectiveSpec | undefined {
  if (block !== undefined && isBlockKindName(block)) {
    const specs = SCHEMA[block].directives;
    return Object.prototype.hasOwnProperty.call(specs, directive) ? specs[directive] : undefined;
  }
  const owner = blocksAllowing(directive)[0];
  return owner ? SCHEMA[owner].directives[directive] : undefined;
}

/** Placeholders that stand for a declared name, and the kind of name they take. */
export const NAME_PLACEHOLDERS: Record<string, 'backend' | 'host' | 'vrrp' | 'defaults'> = {
  BACKEND: 'backend',
  HOST: 'host',
  VRRP: 'vrrp',
  DEFAULTS: 'defaults',
};

/**
 * What an argument position expects, read from a syntax string such as `HOST priority N, ...` or
 * `frontend NAME [from DEFAULTS]`: the token after the previous word when the syntax names it (`from` -> DEFAULTS),
 * else the token at the argument's position. Returns the alternatives (`VRRP|internal-haproxy` -> both).
 */
export function expectedAt(syntax: string, groupWords: readonly string[]): string[] {
  const group = syntax.split(',')[0];
  const tokens = group.replace(/[[\]{}]/g, ' ').replace(/\.\.\./g, ' ').split(/\s+/).filter((t) => t !== '');
  const previous = groupWords[groupWords.length - 1];
  if (previous !== undefined) {
    const i = tokens.findIndex((t) => t.split('|').includes(previous));
    if (i >= 0 && i + 1 < tokens.length) return tokens[i + 1].split('|');
  }
  const token = tokens[groupWords.length];
  return token ? token.split('|') : [];
}

const HAPROXY_DOC = 'https://docs.haproxy.org/2.6/configuration.html';
const KEEPALIVED_DOC = 'https://keepalived.readthedocs.io/en/latest/configuration_synopsis.html';
const KUBEKEY_DOC = 'https://github.com/kubesphere/kubekey/blob/master/docs/config-example.md';
const LANGUAGE_DOC = 'https://github.com/lb-lang/lb/blob/main/docs/language.md';

/** The HAProxy keyword each lb directive becomes, as an anchor of the 2.6 configuration manual. */
const HAPROXY_ANCHORS: Record<string, string> = {
  mode: '4.2-mode', timeout: '4.2-timeout%20connect', maxconn: '4.2-maxconn', log: '4.2-option%20httplog',
  retries: '4.2-retries', redispatch: '4.2-option%20redispatch', 'retry-on': '4.2-retry-on',
  forwardfor: '4.2-option%20forwardfor', balance: '4.2-balance', health: '4.2-option%20httpchk',
  'server-defaults': '4.2-default-server', server: '5.2', bind: '5.1', route: '4.2-use_backend',
  default: '4.2-default_backend', redirect: '4.2-http-request%20redirect', deny: '4.2-http-request%20deny',
  'set-header': '4.2-http-request%20set-header', 'add-header': '4.2-http-request%20add-header',
  'del-header': '4.2-http-request%20del-header', uri: '4.2-stats%20uri', auth: '4.2-stats%20auth',
  realm: '4.2-stats%20realm', refresh: '4.2-stats%20refresh', admin: '4.2-stats%20admin',
  'hide-version': '4.2-stats%20hide-version',
};
const HAPROXY_GLOBAL_ANCHORS: Record<string, string> = {
  maxconn: '3.2-maxconn', threads: '3.1-nbthread', log: '3.1-log', socket: '3.1-stats%20socket', user: '3.1-user',
  group: '3.1-group', chroot: '3.1-chroot', daemon: '3.1-daemon',
};
const HAPROXY_BLOCK_ANCHORS: Record<string, string> = {
  global: '3', defaults: '4', frontend: '4', backend: '4', listen: '4', stats: '4.2-stats%20enable',
};

/** The upstream reference page for a block or a directive in a block. */
export function referenceUrl(block: string | undefined, directive?: string): { label: string; url: string } {
  switch (block) {
    case 'global':
    case 'defaults':
    case 'frontend':
    case 'backend':
    case 'listen':
    case 'stats': {
      const anchor =
        directive === undefined ? HAPROXY_BLOCK_ANCHORS[block]
        : (block === 'global' ? HAPROXY_GLOBAL_ANCHORS[directive] : HAPROXY_ANCHORS[directive]) ?? HAPROXY_BLOCK_ANCHORS[block];
      return { label: 'HAProxy 2.6 configuration manual', url: `${HAPROXY_DOC}#${anchor}` };
    }
    case 'vrrp':
      return { label: 'keepalived configuration synopsis', url: `${KEEPALIVED_DOC}#vrrp-instance-definitions` };
    case 'cluster':
      return { label: 'KubeKey Cluster configuration example', url: KUBEKEY_DOC };
    case 'host':
      return { label: 'lb language: machines and VRRP', url: `${LANGUAGE_DOC}#4-machines-and-vrrp` };
    default:
      return { label: 'lb language reference', url: LANGUAGE_DOC };
  }
}
