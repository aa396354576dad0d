/**
 * The language-server figures of `npm run bench`: the BUNDLED server (packages/lsp/dist/server.cjs) as a child
 * process over stdio, driven by a JSON-RPC client the way an editor drives it, on a generated 10,000-line document.
 *
 * One sequential loop of small edits (a port, a weight, a character typed into / deleted from a server name or a
 * backend reference). For each edit: didChange, then at once a completion request at another place of the file
 * (after `default `, at the start of a directive in a backend, after `balance `), as an editor does while typing.
 * Measured per edit: didChange sent -> publishDiagnostics for THAT version, and completion request -> answer. The
 * next edit waits for both, so nothing queues. Then completion requests at the same kinds of places with no edit in
 * between (the analysis is current): what completion itself costs.
 *
 * Every answer is checked (the published errors match the edits made so far; each completion list holds the label
 * its place calls for), so a fast but wrong server cannot pass.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { editorDocument } from './generate.ts';

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
  samples: number[];
}

export interface LspLatencyResult {
  lines: number;
  bytes: number;
  /** didOpen -> first publishDiagnostics (a cold full check of the document). */
  openMs: number;
  diagnosticsAfterEdit: LatencySummary;
  completionAfterEdit: LatencySummary;
  completionNoEdit: LatencySummary;
  /** Per completion place: p50/p95 after an edit and without. */
  completionByPlace: Record<string, { afterEdit: Omit<LatencySummary, 'samples'>; noEdit: Omit<LatencySummary, 'samples'> }>;
  editKinds: Record<string, number>;
  /** Answers that were wrong (a completion list without its expected label, published errors not matching the edits). */
  wrongAnswers: string[];
  serverPeakRssMb?: number;
  wallSeconds: number;
}

type Pos = { line: number; character: number };
type Place = 'after default' | 'directive start' | 'after balance';
const PLACES: Place[] = ['after default', 'directive start', 'after balance'];
/** A label each place's completion list must hold. */
const EXPECTED: Record<Place, (unit: number) => string> = {
  'after default': (unit) => `svc${(unit + 1) % 7}`, // any declared backend; a neighbour's, not the one already written
  'directive start': () => 'server',
  'after balance': () => 'leastconn',
};

export function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0, p50: NaN, p95: NaN, max: NaN, samples };
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { count: samples.length, p50: at(50), p95: at(95), max: sorted[sorted.length - 1], samples };
}

const brief = ({ samples: _, ...rest }: LatencySummary): Omit<LatencySummary, 'samples'> => rest;

/** Deterministic pseudo-random integers (the same edits and places on every run). */
function lcg(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

/** Where each unit of the generated document sits (line numbers never change: every edit stays within a line). */
interface Unit {
  backendLine: number;
  balanceLine: number;
  serverLines: number[];
  timeoutLine: number;
  defaultLine: number;
}

function indexUnits(lines: string[]): Unit[] {
  const units: Unit[] = [];
  let current: Partial<Unit> & { serverLines: number[] } = { serverLines: [] };
  lines.forEach((line, i) => {
    if (/^backend svc\d+ \{/.test(line)) current = { backendLine: i, serverLines: [] };
    else if (/^ {2}balance roundrobin/.test(line) && current.backendLine !== undefined) current.balanceLine = i;
    else if (/^ {2}server {2}svc\d+-\d+ /.test(line)) current.serverLines.push(i);
    else if (/^ {2}timeout server/.test(line)) current.timeoutLine = i;
    else if (/^ {2}default svc\d+$/.test(line)) {
      current.defaultLine = i;
      units.push(current as Unit);
    }
  });
  return units;
}

export async function measureLsp(options: { serverBundle: string; workDir: string; lines?: number; edits?: number; noEditCompletions?: number; completeDuringEdits?: boolean; nodeArgs?: string[] }): Promise<LspLatencyResult> {
  const started = performance.now();
  const text = editorDocument(options.lines ?? 10_000);
  const lines = text.split('\n');
  const units = indexUnits(lines);
  if (units.length < 10) throw new Error(`the generated document has only ${units.length} units`);
  const uri = pathToFileURL(`${options.workDir}/editor-bench.lb`).href;
  const random = lcg(20261124);

  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiting = new Map<number, (p: PublishDiagnosticsParams, at: number) => void>();
  const early = new Map<number, { p: PublishDiagnosticsParams; at: number }>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const at = performance.now();
    if (p.uri !== uri || p.version === undefined) return;
    const w = waiting.get(p.version);
    if (w) {
      waiting.delete(p.version);
      w(p, at);
    } else early.set(p.version, { p, at });
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', () => []);
  connection.listen();

  const timeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
    let timer: NodeJS.Timeout;
    return Promise.race([
      promise.finally(() => clearTimeout(timer)),
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`lsp bench: ${what} got no answer in ${ms} ms\n${stderr.slice(-2000)}`)), ms);
      }),
    ]);
  };
  const published = (version: number): Promise<{ p: PublishDiagnosticsParams; at: number }> => {
    const got = early.get(version);
    if (got) return Promise.resolve(got);
    return timeout(new Promise((resolve) => waiting.set(version, (p, at) => resolve({ p, at }))), 60_000, `diagnostics of version ${version}`);
  };

  try {
    await timeout(connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(options.workDir).href,
      workspaceFolders: [{ uri: pathToFileURL(options.workDir).href, name: 'bench' }],
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } } },
    }), 30_000, 'initialize');
    await connection.sendNotification('initialized', {});

    let version = 1;
    const openStart = performance.now();
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'lb', version, text } });
    const opened = await published(version);
    const openMs = opened.at - openStart;
    const wrong: string[] = [];
    const openErrors = opened.p.diagnostics.filter((d) => d.severity === 1);
    if (openErrors.length > 0) wrong.push(`the generated document has ${openErrors.length} errors on open: ${openErrors[0].message}`);

    /** Replaces [start, end) of one line, here and in the server. */
    const edit = async (line: number, start: number, end: number, newText: string): Promise<number> => {
      lines[line] = lines[line].slice(0, start) + newText + lines[line].slice(end);
      version++;
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character: start }, end: { line, character: end } }, text: newText }],
      });
      return version;
    };

    /** The next small edit, alternating kinds; a typed character is deleted again the next time its kind comes up. */
    const kinds = ['port', 'weight', 'server name', 'backend reference'] as const;
    const editKinds: Record<string, number> = {};
    let pendingName: { line: number; col: number } | undefined;
    let pendingReference: { line: number; col: number } | undefined;
    const nextEdit = async (i: number): Promise<number> => {
      const kind = kinds[i % kinds.length];
      const unit = units[random(units.length)];
      const serverLine = unit.serverLines[random(unit.serverLines.length)];
      const line = lines[serverLine];
      if (kind === 'port') {
        const m = /:(\d+) weight/.exec(line)!;
        const port = Number(m[1]);
        const next = port < 9000 ? port + 1000 : port - 1000;
        const col = m.index + 1;
        editKinds['change a port'] = (editKinds['change a port'] ?? 0) + 1;
        return edit(serverLine, col, col + m[1].length, String(next));
      }
      if (kind === 'weight') {
        const m = /weight (\d+)/.exec(line)!;
        const col = m.index + 'weight '.length;
        editKinds['change a weight'] = (editKinds['change a weight'] ?? 0) + 1;
        return edit(serverLine, col, col + m[1].length, String((Number(m[1]) % 9) + 1));
      }
      if (kind === 'server name') {
        if (pendingName) {
          const { line: l, col } = pendingName;
          pendingName = undefined;
          editKinds['delete a character of a server name'] = (editKinds['delete a character of a server name'] ?? 0) + 1;
          return edit(l, col, col + 1, '');
        }
        const m = /server {2}(svc\d+-\d+)/.exec(line)!;
        const col = m.index + 'server  '.length + m[1].length;
        pendingName = { line: serverLine, col };
        editKinds['type a character into a server name'] = (editKinds['type a character into a server name'] ?? 0) + 1;
        return edit(serverLine, col, col, 'x');
      }
      // A reference typed halfway is an unknown backend (an error with a did-you-mean) until the next one fixes it.
      if (pendingReference) {
        const { line: l, col } = pendingReference;
        pendingReference = undefined;
        editKinds['delete a character of a backend reference'] = (editKinds['delete a character of a backend reference'] ?? 0) + 1;
        return edit(l, col, col + 1, '');
      }
      const col = lines[unit.defaultLine].length;
      pendingReference = { line: unit.defaultLine, col };
      editKinds['type a character into a backend reference (an error until deleted)'] = (editKinds['type a character into a backend reference (an error until deleted)'] ?? 0) + 1;
      return edit(unit.defaultLine, col, col, 'x');
    };

    /** A place to complete at, away from the edits (its own unit), and the label its list must hold. */
    const nextPlace = (i: number): { place: Place; position: Pos; expected: string } => {
      const place = PLACES[i % PLACES.length];
      const u = random(units.length);
      const unit = units[u];
      const position: Pos =
        place === 'after default' ? { line: unit.defaultLine, character: '  default '.length }
        : place === 'directive start' ? { line: unit.timeoutLine, character: 2 }
        : { line: unit.balanceLine, character: '  balance '.length };
      return { place, position, expected: EXPECTED[place](u) };
    };
    const complete = async (i: number, place: { position: Pos; expected: string; place: Place }): Promise<number> => {
      const t0 = performance.now();
      const answer = (await timeout(connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: place.position }), 60_000, 'completion')) as
        { label: string }[] | { items: { label: string }[] } | null;
      const ms = performance.now() - t0;
      const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
      if (!items.some((item) => item.label === place.expected)) wrong.push(`completion #${i} ${place.place} at ${place.position.line + 1}:${place.position.character + 1} lacks '${place.expected}' (${items.length} items)`);
      return ms;
    };

    const editCount = options.edits ?? 200;
    const diagnostics: number[] = [];
    const afterEdit: number[] = [];
    const byPlace = new Map<Place, { afterEdit: number[]; noEdit: number[] }>(PLACES.map((p) => [p, { afterEdit: [], noEdit: [] }]));
    for (let i = 0; i < editCount; i++) {
      const place = nextPlace(i);
      const sent = performance.now();
      const v = await nextEdit(i);
      const [done, completionMs] = await Promise.all([published(v), options.completeDuringEdits === false ? undefined : complete(i, place)]);
      diagnostics.push(done.at - sent);
      if (completionMs !== undefined) {
        afterEdit.push(completionMs);
        byPlace.get(place.place)!.afterEdit.push(completionMs);
      }
      early.clear();
      const errors = done.p.diagnostics.filter((d) => d.severity === 1);
      const expectedErrors = pendingReference ? 1 : 0;
      if (errors.length !== expectedErrors) wrong.push(`version ${v}: ${errors.length} errors published, expected ${expectedErrors}${errors[0] ? ` (${errors[0].message})` : ''}`);
    }

    const noEditCount = options.noEditCompletions ?? 200;
    const noEdit: number[] = [];
    for (let i = 0; i < noEditCount; i++) {
      const place = nextPlace(i);
      const ms = await complete(editCount + i, place);
      noEdit.push(ms);
      byPlace.get(place.place)!.noEdit.push(ms);
    }

    const status = (() => {
      try {
        return readFileSync(`/proc/${child.pid}/status`, 'utf8');
      } catch {
        return '';
      }
    })();
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    return {
      lines: text.split('\n').length - 1,
      bytes: Buffer.byteLength(text),
      openMs,
      diagnosticsAfterEdit: summarize(diagnostics),
      completionAfterEdit: summarize(afterEdit),
      completionNoEdit: summarize(noEdit),
      completionByPlace: Object.fromEntries([...byPlace].map(([p, s]) => [p, { afterEdit: brief(summarize(s.afterEdit)), noEdit: brief(summarize(s.noEdit)) }])),
      editKinds,
      wrongAnswers: wrong,
      serverPeakRssMb: hwm ? Number(hwm[1]) / 1024 : undefined,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    // The server goes whatever happened: politely first, then by its own pid.
    try {
      await timeout(connection.sendRequest('shutdown'), 2000, 'shutdown');
      await connection.sendNotification('exit');
    } catch {
      // killed below
    }
    connection.dispose();
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 2000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
