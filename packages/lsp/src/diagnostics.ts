/**
 * Diagnostics on every change, without queueing stale work: a change only marks its document (and the open
 * documents that import it) as dirty, and a pass checks each dirty document at its latest version. The server
 * also sees each change as soon as it is READ, before it is processed (`watchInput` in server.ts), so a document
 * whose newer version is already waiting in the input is skipped: twenty quick edits cost a check or two, never
 * twenty. Requests waiting in the input go first (see `run`).
 */
import type { Connection } from 'vscode-languageserver';
import { toLspDiagnostic } from './convert.ts';
import { uriToPath } from './paths.ts';
import type { Workspace } from './workspace.ts';

/** How long a pass waits after a change for the requests that follow it (see `schedule`). */
const SETTLE_MS = 3;
/** Longest time a check is put off for requests waiting to be answered. */
const MAX_DEFERRAL_MS = 200;

export class DiagnosticsPublisher {
  private readonly dirty = new Set<string>();
  private scheduled = false;
  /** Last version published per document, so an older result is never sent after a newer one. */
  private readonly published = new Map<string, number>();
  /** Files read by the analysis each document's diagnostics came from (its own, or its importer's). */
  private readonly publishedFiles = new Map<string, ReadonlyMap<string, string>>();
  /** Highest version of each document seen in the input, processed or not. */
  private readonly incoming = new Map<string, number>();

  /** When the pass was first put off for waiting requests (undefined: not put off). */
  private deferredSince: number | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    /** True while an editor request (completion, hover...) has been read but not answered yet. */
    private readonly requestsWaiting: () => boolean = () => false,
  ) {}

  /** A document changed (or opened): re-check it and every open document that reads it. */
  changed(uri: string): void {
    this.dirty.add(uri);
    const path = uriToPath(uri);
    for (const doc of this.workspace.documents.all()) {
      if (doc.uri !== uri && this.readsFile(doc.uri, path)) this.dirty.add(doc.uri);
    }
    this.schedule();
  }

  /** Files on disk changed: every open document may be affected. */
  changedOnDisk(): void {
    for (const doc of this.workspace.documents.all()) this.dirty.add(doc.uri);
    this.schedule();
  }

  /** A didChange was read from the input (it may not be processed yet). */
  noteIncoming(uri: string, version: number): void {
    if (version > (this.incoming.get(uri) ?? -1)) this.incoming.set(uri, version);
  }

  closed(uri: string): void {
    this.incoming.delete(uri);
    this.dirty.delete(uri);
    this.published.delete(uri);
    this.publishedFiles.delete(uri);
    this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private readsFile(uri: string, path: string): boolean {
    // Only the analysis last published is consulted: recomputing it here would be the stale work we want to avoid.
    return this.publishedFiles.get(uri)?.has(path) ?? this.workspace.lastAnalysis(uri)?.result.files.has(path) ?? false;
  }

  private schedule(settle = true): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A short settle: the request an editor sends right after a change (completion while typing) is read in the
    // meantime and answered first, and a burst of changes is seen as one.
    if (settle) setTimeout(() => this.run(), SETTLE_MS);
    else setImmediate(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
    // A request read after the change (typically completion while typing) is answered first: it reads the current
    // syntax and the previous analysis, so it must not wait for this check. Bounded, so diagnostics still come.
    if (this.requestsWaiting()) {
      const now = performance.now();
      this.deferredSince ??= now;
      if (now - this.deferredSince < MAX_DEFERRAL_MS) {
        this.schedule(false);
        return;
      }
    }
    this.deferredSince = undefined;
    const uris = [...this.dirty];
    this.dirty.clear();
    for (const uri of uris) this.publish(uri);
  }

  private publish(uri: string): void {
    const doc = this.workspace.documents.get(uri);
    if (!doc) return;
    const previous = this.published.get(uri);
    if (previous !== undefined && previous > doc.version) return;
    // A newer version is already waiting: its own change will schedule the check that counts.
    if ((this.incoming.get(uri) ?? -1) > doc.version) return;
    try {
      const analysis = this.workspace.analyzeForDiagnostics(uri);
      if (!analysis) return;
      const path = uriToPath(uri);
      const own = analysis.result.diagnostics.filter((d) => d.span.file === path);
      this.published.set(uri, doc.version);
      this.publishedFiles.set(uri, analysis.result.files);
      void this.connection.sendDiagnostics({
        uri,
        version: doc.version,
        diagnostics: own.map((d) => toLspDiagnostic(d, analysis.sources)),
      });
    } catch (error) {
      // The core never throws on bad input; should it anyway, the server keeps running and says why.
      this.connection.console.error(`lb: checking ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
}
