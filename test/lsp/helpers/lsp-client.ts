/**
 * Drives the BUNDLED language server (packages/lsp/dist/server.cjs) as a child process over stdio with a real
 * JSON-RPC client, the way an editor does. The bundle is rebuilt once per test process so tests see current code.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const root = resolve(import.meta.dirname, '../../..');
export const SERVER_BUNDLE = join(root, 'packages/lsp/dist/server.cjs');
let built = false;

export function buildServer(): void {
  if (built) return;
  execFileSync(process.execPath, [join(root, 'packages/lsp/build.mjs')], { stdio: 'inherit', timeout: 60_000 });
  built = true;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** A temporary directory with the given files (relative path -> text). */
export function tempProject(files: Record<string, string>): { dir: string; path(name: string): string; uri(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lb-lsp-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return {
    dir,
    path: (name) => join(dir, name),
    uri: (name) => uriOf(join(dir, name)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  stderr = '';
  /** Every window/logMessage the server sent. */
  readonly logs: string[] = [];
  private readonly versions = new Map<string, number>();

  constructor(env: Record<string, string> = {}) {
    buildServer();
    this.child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.child.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.match(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', () => []);
    this.connection.listen();
  }

  async initialize(rootDir: string, initializationOptions?: unknown): Promise<Record<string, unknown>> {
    const result = (await this.request('initialize', {
      processId: process.pid,
      initializationOptions,
      rootUri: uriOf(rootDir),
      workspaceFolders: [{ uri: uriOf(rootDir), name: 'test' }],
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          rename: { prepareSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          semanticTokens: { requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
        },
        workspace: { workspaceEdit: { documentChanges: false } },
      },
    })) as { capabilities: Record<string, unknown> };
    await this.connection.sendNotification('initialized', {});
    return result.capabilities;
  }

  /** A request that fails the test instead of hanging when the server does not answer in time. */
  request<T = unknown>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    return withTimeout(this.connection.sendRequest(method, params) as Promise<T>, timeoutMs, `${method} got no answer in ${timeoutMs} ms\n${this.stderr}`);
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'lb', version: 1, text } });
  }

  /** An incremental change: replace [start, end) (LSP positions) with text. Returns the new version. */
  async change(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The first diagnostics published for a uri (at a version, if given) from now on, or already received. */
  diagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const match = (p: PublishDiagnosticsParams) => p.uri === uri && (version === undefined || p.version === version);
    const already = [...this.published].reverse().find(match);
    if (already) return Promise.resolve(already);
    return withTimeout(
      new Promise<PublishDiagnosticsParams>((resolve) => this.waiters.push({ match, resolve })),
      timeoutMs,
      `no diagnostics for ${uri}${version !== undefined ? ` version ${version}` : ''} within ${timeoutMs} ms\n${this.stderr}`,
    );
  }

  /** Shut down politely, then make sure the process is gone whatever happened. */
  async stop(): Promise<void> {
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 2000, 'shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the kill below ends it
    }
    this.connection.dispose();
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 2000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]);
}

/** LSP position of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The position just after the first occurrence of `marker` (or at its start with `atStart`). */
export function positionAfter(text: string, marker: string, atStart = false): { line: number; character: number } {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`marker not found: ${marker}`);
  return positionOf(text, atStart ? i : i + marker.length);
}
