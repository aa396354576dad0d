/**
 * An arbitrary of VALID `.lb` programs, built from structured random data: defaults with all timeouts, backends with
 * servers on 127.0.0.1 ports, frontends on distinct 127.0.0.1 ports that use every backend, an optional stats page,
 * and pairs of hosts joined by a vrrp (distinct router ids, each pair on its own /24). Such a program must compile
 * with no error and no warning, and every generated file must pass the real tools.
 */
import fc from 'fast-check';
import { compile, memoryFileSystem } from '../../packages/dsl/src/index.ts';
import { validateOutput } from '../helpers/validate-output.ts';

export interface ProgramSpec {
  mode: 'http' | 'tcp';
  timeouts: { connect: string; client: string; server: string };
  retries?: number;
  backends: BackendSpec[];
  frontendCount: number;
  stats?: { port: number; uri: string; refresh?: string; hideVersion: boolean; admin: boolean; user: string };
  pairs: PairSpec[];
  /** Ports handed out in order: every bind and every server gets its own. */
  basePort: number;
}

interface ServerSpec {
  weight?: number;
  maxconn?: number;
  backup: boolean;
  inter?: string;
  rise?: number;
  fall?: number;
}

interface BackendSpec {
  balance: string;
  health: { kind: 'tcp' } | { kind: 'http'; method: string; path: string; every?: string; rise?: number; fall?: number };
  servers: ServerSpec[];
  setHeader?: string;
}

interface PairSpec {
  /** Second and third octet of the pair's 10.x.y.0/24. */
  subnet: [number, number];
  routerId: number;
  interface: string;
  advert: number;
  track: boolean;
  priorities: [number, number];
}

const duration = fc.oneof(
  fc.integer({ min: 1, max: 120 }).map((n) => `${n}s`),
  fc.integer({ min: 100, max: 900 }).map((n) => `${n}ms`),
  fc.integer({ min: 1, max: 10 }).map((n) => `${n}m`),
);
const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 1, maxLength: 10 });
const urlPath = fc.array(word, { minLength: 0, maxLength: 3 }).map((parts) => `/${parts.join('/')}`);

const server: fc.Arbitrary<ServerSpec> = fc.record(
  {
    weight: fc.integer({ min: 1, max: 256 }),
    maxconn: fc.integer({ min: 1, max: 5000 }),
    backup: fc.boolean(),
    inter: fc.integer({ min: 1, max: 30 }).map((n) => `${n}s`),
    rise: fc.integer({ min: 1, max: 5 }),
    fall: fc.integer({ min: 1, max: 5 }),
  },
  { requiredKeys: ['backup'] },
);

function backend(mode: 'http' | 'tcp'): fc.Arbitrary<BackendSpec> {
  const balance = fc.constantFrom('roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'random');
  const tcpHealth = fc.constant({ kind: 'tcp' as const });
  const httpHealth = fc.record(
    {
      kind: fc.constant('http' as const),
      method: fc.constantFrom('GET', 'HEAD', 'OPTIONS'),
      path: urlPath,
      every: fc.integer({ min: 1, max: 30 }).map((n) => `${n}s`),
      rise: fc.integer({ min: 1, max: 5 }),
      fall: fc.integer({ min: 1, max: 5 }),
    },
    { requiredKeys: ['kind', 'method', 'path'] },
  );
  return fc
    .record(
      {
        balance,
        health: mode === 'http' ? fc.oneof(tcpHealth, httpHealth) : tcpHealth,
        servers: fc.array(server, { minLength: 1, maxLength: 4 }),
        setHeader: word,
      },
      { requiredKeys: ['balance', 'health', 'servers'] },
    )
    .map((b) => {
      // At least one server must take traffic; tcp proxies cannot set headers.
      const servers = b.servers.map((s, i) => (i === 0 ? { ...s, backup: false } : s));
      return mode === 'tcp' ? { ...b, servers, setHeader: undefined } : { ...b, servers };
    });
}

const pair: fc.Arbitrary<PairSpec> = fc.record({
  subnet: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
  routerId: fc.integer({ min: 1, max: 255 }),
  interface: fc.constantFrom('eth1', 'eth2', 'ens3', 'bond0'),
  advert: fc.integer({ min: 1, max: 5 }),
  track: fc.boolean(),
  priorities: fc.tuple(fc.integer({ min: 101, max: 254 }), fc.integer({ min: 1, max: 100 })),
});

export const programSpec: fc.Arbitrary<ProgramSpec> = fc.constantFrom('http' as const, 'tcp' as const).chain((mode) =>
  fc.record(
    {
      mode: fc.constant(mode),
      timeouts: fc.record({ connect: duration, client: duration, server: duration }),
      retries: fc.integer({ min: 0, max: 5 }),
      backends: fc.array(backend(mode), { minLength: 1, maxLength: 4 }),
      frontendCount: fc.integer({ min: 1, max: 3 }),
      stats: fc.record(
        {
          port: fc.constant(0),
          uri: urlPath,
          refresh: fc.integer({ min: 1, max: 60 }).map((n) => `${n}s`),
          hideVersion: fc.boolean(),
          admin: fc.boolean(),
          user: fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 8 }),
        },
        { requiredKeys: ['port', 'uri', 'hideVersion', 'admin', 'user'] },
      ),
      // Distinct router ids and subnets are enforced below, after generation.
      pairs: fc.uniqueArray(pair, { maxLength: 2, selector: (p) => p.routerId }).filter((ps) => new Set(ps.map((p) => p.subnet.join('.'))).size === ps.length),
      basePort: fc.integer({ min: 20000, max: 60000 }),
    },
    { requiredKeys: ['mode', 'timeouts', 'backends', 'frontendCount', 'pairs', 'basePort'] },
  ),
);

/** The environment the generated program reads its secrets from. */
export const PROGRAM_ENV = { S: 'stats-pw', V: 'vrrp-pw' };

/** Writes the `.lb` source of a spec. */
export function programSource(spec: ProgramSpec): string {
  let port = spec.basePort;
  const nextPort = (): number => port++;
  const out: string[] = [];
  out.push('defaults {', `  mode ${spec.mode}`, `  timeout connect ${spec.timeouts.connect}, client ${spec.timeouts.client}, server ${spec.timeouts.server}`);
  if (spec.retries !== undefined) out.push(`  retries ${spec.retries}`);
  out.push('}', '');

  spec.pairs.forEach((p, i) => {
    const net = `10.${p.subnet[0]}.${p.subnet[1]}`;
    for (const [j, octet] of [11, 12].entries()) {
      out.push(`host lb${i}${j === 0 ? 'a' : 'b'} {`, `  interface ${p.interface} ${net}.${octet}/24`, '  roles lb', '}');
    }
    out.push(
      `vrrp v${i} {`,
      `  vip ${net}.100/24`,
      `  router-id ${p.routerId}`,
      `  members lb${i}a priority ${p.priorities[0]}, lb${i}b priority ${p.priorities[1]}`,
      '  auth secret(env("V"))',
      `  advert ${p.advert}s`,
    );
    // The weight must let the backup overtake a failed master without lifting both to the 254 ceiling.
    const weight = p.priorities[0] - p.priorities[1] + 1;
    if (p.track && p.priorities[0] + weight <= 254) out.push(`  track haproxy every 2s weight ${weight}`);
    out.push('}', '');
  });

  const frontendCount = spec.mode === 'tcp' ? spec.backends.length : Math.min(spec.frontendCount, spec.backends.length);
  spec.backends.forEach((b, i) => {
    out.push(`backend b${i} {`, `  balance ${b.balance}`);
    if (b.health.kind === 'tcp') out.push('  health tcp');
    else {
      const h = b.health;
      out.push(`  health http ${h.method} "${h.path}"${h.every ? ` every ${h.every}` : ''}${h.rise ? ` rise ${h.rise}` : ''}${h.fall ? ` fall ${h.fall}` : ''}`);
    }
    if (b.setHeader) out.push(`  set-header X-Lb-Test "${b.setHeader}"`);
    b.servers.forEach((s, j) => {
      const options = [
        s.weight !== undefined ? `weight ${s.weight}` : '',
        s.maxconn !== undefined ? `maxconn ${s.maxconn}` : '',
        s.backup ? 'backup' : '',
        s.inter ? `inter ${s.inter}` : '',
        s.rise ? `rise ${s.rise}` : '',
        s.fall ? `fall ${s.fall}` : '',
      ].filter(Boolean);
      out.push(`  server s${j} 127.0.0.1:${nextPort()}${options.length ? ` ${options.join(' ')}` : ''}`);
    });
    out.push('}', '');
  });

  for (let f = 0; f < frontendCount; f++) {
    out.push(`frontend f${f} {`, `  bind 127.0.0.1:${nextPort()}`, `  default b${f}`);
    // Backends beyond the frontends are reached by a path route, so none is unused.
    for (let k = frontendCount + f; k < spec.backends.length; k += frontendCount) out.push(`  route b${k} when path prefix "/r${k}"`);
    out.push('}', '');
  }

  if (spec.stats) {
    const s = spec.stats;
    out.push('stats {', `  bind 127.0.0.1:${nextPort()}`, `  uri "${s.uri}"`, `  auth u${s.user} secret(env("S"))`);
    if (s.refresh) out.push(`  refresh ${s.refresh}`);
    if (s.hideVersion) out.push('  hide-version');
    if (s.admin) out.push('  admin');
    out.push('}', '');
  }
  return out.join('\n');
}

export const validProgram: fc.Arbitrary<string> = programSpec.map(programSource);

/** Compiles a generated program and runs every output through the real tool. Returns the first problem found. */
export function validProgramProblem(source: string): string | undefined {
  const result = compile('main.lb', { fs: memoryFileSystem({ 'main.lb': source }), env: PROGRAM_ENV });
  const findings = result.diagnostics.filter((d) => d.severity !== 'info');
  if (findings.length > 0) return `expected a clean compile, got: ${findings.map((d) => `${d.code} ${d.message}`).join('; ')}`;
  if (!result.ok || result.outputs.length === 0) return 'the compile produced no output';
  for (const file of result.outputs) {
    const verdict = validateOutput(file);
    if (!verdict.ok) return `${file.path} is rejected by ${file.target}:\n${verdict.output}\n--- ${file.path}\n${file.text}`;
  }
  return undefined;
}
