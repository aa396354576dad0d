/**
 * Deterministic `.lb` programs for the compile-scale benchmark. Written out literally (no loops), so the line count
 * is what the parser really reads.
 *   - `programOfLines(n)`: about n lines of a realistic mix, repeated in units of 25 lines: a comment, a backend
 *     with balance, an HTTP health check, a header and 8 servers, and a frontend binding its own port;
 *   - `programOfBackends(b, s)`: b backends of s servers each, one frontend routing to each by Host header
 *     (the shape of testing-recipes.md §2's "5,000 be × 10 srv + use_backend if hdr(host)" row).
 */
import { vrrpPairSource } from '../test/helpers/vrrp-pair.ts';

const HEADER = `# generated for the compile benchmark
global {
  maxconn 5000
}
defaults {
  mode    http
  timeout connect 5s, client 30s, server 30s
}
`;

function serverAddress(index: number, port: number): string {
  return `127.${(index >> 16) & 255}.${(index >> 8) & 255}.${(index & 255) || 1}:${port}`;
}

export function programOfLines(targetLines: number): string {
  const parts = [HEADER];
  let lines = HEADER.split('\n').length - 1;
  for (let unit = 0; lines < targetLines; unit++) {
    const block = [
      `# unit ${unit}: service svc${unit}`,
      `backend svc${unit} {`,
      `  balance roundrobin`,
      `  health  http GET "/health" every 2s rise 2 fall 3`,
      `  set-header X-Service "svc${unit}"`,
      ...Array.from({ length: 8 }, (_, s) => `  server  svc${unit}-${s} ${serverAddress(unit * 8 + s, 8000 + s)} weight ${1 + (s % 4)} maxconn 200`),
      `  timeout server 45s`,
      `}`,
      ``,
      `frontend web${unit} {`,
      `  bind    127.0.0.1:${10000 + (unit % 50000)}`,
      `  default svc${unit}`,
      `  maxconn 2000`,
      `  set-header X-Forwarded-Proto "http"`,
      `  route   svc${unit} when path prefix "/svc${unit}"`,
      `}`,
      ``,
    ];
    parts.push(block.join('\n') + '\n');
    lines += block.length;
  }
  return parts.join('');
}

export function programOfBackends(backends: number, serversPerBackend: number): string {
  const parts = [HEADER];
  for (let b = 0; b < backends; b++) {
    const servers = Array.from({ length: serversPerBackend }, (_, s) => `  server s${s} ${serverAddress(b * serversPerBackend + s, 20000 + s)}`);
    parts.push(`backend be${b} {\n  balance roundrobin\n${servers.join('\n')}\n}\n`);
  }
  const routes = Array.from({ length: backends }, (_, b) => `  route be${b} when host "be${b}.example.com"`);
  parts.push(`frontend fe {\n  bind 127.0.0.1:18080\n  default be0\n${routes.join('\n')}\n}\n`);
  return parts.join('');
}

/** Machines, a VRRP pair, a cluster and a stats page: what a real editor document holds besides the proxies. */
const EDITOR_HEADER = `# generated for the language-server benchmark
global {
  maxconn 5000
}
defaults {
  mode    http
  timeout connect 5s, client 30s, server 30s
}
defaults tcp-services {
  mode    tcp
  timeout connect 3s, client 1h, server 1h
}
${vrrpPairSource('secret(env("VRRP_PASS", "k8s-vip1"))', ['track     haproxy every 2s weight 60'])}
cluster prod {
  kubernetes v1.28.8 with containerd
  network    calico pods 10.233.64.0/18 services 10.233.0.0/18
  node       master1 10.182.0.21 roles control-plane, etcd
  node       master2 10.182.0.22 roles control-plane, etcd
  node       master3 10.182.0.23 roles control-plane, etcd
  node       worker1 10.182.0.31 roles worker
  endpoint   api port 6443
}
stats {
  bind 127.0.0.1:8404
  auth admin secret(env("STATS_PASSWORD", "change-me"))
}
`;

/**
 * The language-server benchmark's document, about n lines: the machines, VRRP pair and cluster above, then the same
 * 25-line units as `programOfLines` (backends with servers, frontends with routes).
 */
export function editorDocument(targetLines: number): string {
  const headerLines = EDITOR_HEADER.split('\n').length - 1;
  const body = programOfLines(targetLines - headerLines + (HEADER.split('\n').length - 1)).slice(HEADER.length);
  return EDITOR_HEADER + body;
}
