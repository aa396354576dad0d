/**
 * Diagnostics on every change, without queueing stale work: a change only marks its document (and the open
 * documents that import it) as dirty, and a pass checks each dirty document at its latest version. The server
 * also sees each change as soon as it is READ (before it is processed, see `watchIncoming`), so a document whose
 * newer version is already waiting in the input is skipped: twenty quick edits cost a check or two, never twenty.
 */
import type { Connection } from 'vscode-languageserver';
import { toLspDiagnostic } from './convert.ts';
import { uriToPath } from './paths.ts';
import type { Workspace } from './workspace.ts';

export class DiagnosticsPublisher {
  private readonly dirty = new Set<string>();
  private scheduled = false;
  /** Last version published per document, so an older result is never sent after a newer one. */
  private readonly published = new Map<string, number>();
  /** Highest version of each document seen in the input, processed or not. */
  private readonly incoming = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
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
    this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private readsFile(uri: string, path: string): boolean {
    // Only the previous analysis is consulted: recomputing it here would be the stale work we want to avoid.
    return this.workspace.lastAnalysis(uri)?.result.files.has(path) ?? false;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after the pending input has been parsed, so a burst of changes is seen as one.
    setImmediate(() => this.run());
  }

  private run(): void {
    this.scheduled = false;
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
      const analysis = this.workspace.analyze(uri);
      if (!analysis) return;
      const own = analysis.result.diagnostics.filter((d) => d.span.file === analysis.path);
      this.published.set(uri, analysis.version);
      void this.connection.sendDiagnostics({
        uri,
        version: analysis.version,
        diagnostics: own.map((d) => toLspDiagnostic(d, analysis.sources)),
      });
      // Completion and hover will want the name index: build it now, unless a newer change is already waiting.
      setImmediate(() => {
        if ((this.incoming.get(uri) ?? -1) <= analysis.version && this.workspace.lastAnalysis(uri) === analysis) analysis.names();
      });
    } catch (error) {
      // The core never throws on bad input; should it anyway, the server keeps running and says why.
      this.connection.console.error(`lb: checking ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
}
