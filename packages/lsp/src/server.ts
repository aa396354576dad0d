/**
 * The lb language server over stdio: wires each LSP request to its feature module. All language knowledge comes
 * from @lb/dsl; this file only routes, and keeps the server alive whatever a feature does.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './code-actions.ts';
import { codeLenses } from './code-lens.ts';
import { COMMAND_LIST, executeCommand, type CommandOptions } from './commands.ts';
import { complete } from './completion.ts';
import { definition } from './definition.ts';
import { DiagnosticsPublisher } from './diagnostics.ts';
import { foldingRanges } from './folding.ts';
import { formatDocument } from './formatting.ts';
import { hover } from './hover.ts';
import { inlayHints } from './inlay-hints.ts';
import { references } from './references.ts';
import { prepareRename, rename } from './rename.ts';
import { readEditorRules } from './rule-settings.ts';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './semantic-tokens.ts';
import { documentSymbols, workspaceSymbols } from './symbols.ts';
import { uriToPath } from './paths.ts';
import { Workspace, type Analysis } from './workspace.ts';

/** What the server learns from the input as it is read, before the messages are processed. */
interface InputWatch {
  /** A didChange of this document version was read. */
  change(uri: string, version: number): void;
  /** A request was read (true) or answered (false). */
  request(id: string | number, waiting: boolean): void;
}

/**
 * stdio (the default, and `--stdio`) or another transport the client asked for (--node-ipc, --socket=N, --pipe=N).
 * On stdio the reader and writer are watched so the server learns of a change or a request as soon as it is read.
 */
function defaultConnection(watch: InputWatch): Connection {
  if (process.argv.some((a) => /^--(node-ipc|socket|pipe)/.test(a))) return createConnection(ProposedFeatures.all);
  const connection = createConnection(ProposedFeatures.all, watchInput(new StreamMessageReader(process.stdin), watch), watchOutput(new StreamMessageWriter(process.stdout), watch));
  // stdout carries the protocol: anything printed goes to stderr instead. When the client goes away, so do we.
  console.log = console.info = console.warn = console.error;
  let shutdown = false;
  connection.onShutdown(() => {
    shutdown = true;
  });
  const exit = () => process.exit(shutdown ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  return connection;
}

type Message = { id?: unknown; method?: unknown; params?: { textDocument?: { uri?: unknown; version?: unknown } } };

/** Requests about a document, answered from memory at once; others (executeCommand) may take seconds. */
const isQuickRequest = (method: string) => method.startsWith('textDocument/');

/** A reader that reports each didChange's document version and each quick request as it is read. */
function watchInput(reader: MessageReader, watch: InputWatch): MessageReader {
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    dispose: () => reader.dispose(),
    listen: (callback) =>
      reader.listen((message) => {
        const m = message as Message;
        const doc = m.params?.textDocument;
        if (m.method === 'textDocument/didChange' && typeof doc?.uri === 'string' && typeof doc.version === 'number') watch.change(doc.uri, doc.version);
        if (typeof m.method === 'string' && isQuickRequest(m.method) && (typeof m.id === 'string' || typeof m.id === 'number')) watch.request(m.id, true);
        callback(message);
      }),
  };
}

/** A writer that reports each answer to a request once it is written out. */
function watchOutput(writer: MessageWriter, watch: InputWatch): MessageWriter {
  return {
    onError: writer.onError,
    onClose: writer.onClose,
    dispose: () => writer.dispose(),
    end: () => writer.end(),
    write: (message) => {
      const m = message as Message;
      const written = writer.write(message);
      // The writer sends later (it queues behind a setImmediate): a request counts as answered once that is done.
      const id = m.id;
      if (m.method === undefined && (typeof id === 'string' || typeof id === 'number')) void written.finally(() => watch.request(id, false)).catch(() => undefined);
      return written;
    },
  };
}

export function startServer(): void {
  let diagnostics: DiagnosticsPublisher | undefined;
  const waiting = new Set<string | number>();
  const connection = defaultConnection({
    change: (uri, version) => diagnostics?.noteIncoming(uri, version),
    request: (id, isWaiting) => (isWaiting ? waiting.add(id) : waiting.delete(id)),
  });
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(documents);
  diagnostics = new DiagnosticsPublisher(connection, workspace, () => waiting.size > 0);
  const options: CommandOptions = {};
  let watchFiles = false;

  /** Runs a feature; a failure is logged and answered with the fallback instead of taking the server down. */
  const guard = <T>(feature: string, fallback: T, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof ResponseError) throw error; // an answer for the client (e.g. an invalid new name)
      connection.console.error(`lb: ${feature} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return fallback;
    }
  };
  /** The analysis of a document and an offset in it, for position-based requests. */
  const at = (uri: string, position: { line: number; character: number }): { analysis: Analysis; offset: number } | undefined => {
    const doc = documents.get(uri);
    const analysis = workspace.analyzeInContext(uri);
    return doc && analysis ? { analysis, offset: doc.offsetAt(position) } : undefined;
  };

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as { haproxyPath?: unknown; rules?: unknown };
    if (typeof init.haproxyPath === 'string' && init.haproxyPath !== '') options.haproxyPath = init.haproxyPath;
    workspace.rules = readEditorRules(init.rules);
    for (const problem of workspace.rules.problems) connection.console.warn(`lb: ${problem}`);
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspace.roots = folders.map(uriToPath).filter((p) => p.startsWith('/'));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [' ', '"', ','] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        inlayHintProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [...COMMAND_LIST] },
      },
      serverInfo: { name: 'lb-language-server', version: '0.1.0' },
    };
  });
  connection.onInitialized(() => {
    if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.lb' }, { globPattern: '**/lb.json' }] });
  });

  documents.onDidOpen((e) => {
    workspace.changed();
    workspace.imports.update(uriToPath(e.document.uri));
    diagnostics.changed(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    workspace.changed();
    workspace.imports.update(uriToPath(e.document.uri));
    diagnostics.changed(e.document.uri);
  });
  documents.onDidClose((e) => {
    workspace.changed();
    workspace.forget(e.document.uri);
    workspace.imports.update(uriToPath(e.document.uri)); // its text on disk counts again
    diagnostics.closed(e.document.uri);
  });
  connection.onDidChangeWatchedFiles((p) => {
    workspace.changed();
    // A created or deleted file can add or remove importers anywhere: rescan once; a changed one re-reads itself.
    if (p.changes.some((c) => c.type !== FileChangeType.Changed)) workspace.imports.rescan();
    else for (const change of p.changes) workspace.imports.update(uriToPath(change.uri));
    diagnostics.changedOnDisk();
  });

  connection.onCompletion((p) => guard('completion', [], () => {
    const doc = documents.get(p.textDocument.uri);
    const view = workspace.completionView(p.textDocument.uri);
    return doc && view ? complete(view, doc.offsetAt(p.position)) : [];
  }));
  connection.onHover((p) => guard('hover', null, () => {
    const here = at(p.textDocument.uri, p.position);
    return here ? hover(here.analysis, here.offset) : null;
  }));
  connection.onDefinition((p) => guard('definition', [], () => {
    const here = at(p.textDocument.uri, p.position);
    return here ? definition(workspace, here.analysis, here.offset) : [];
  }));
  connection.onReferences((p) => guard('references', [], () => {
    const here = at(p.textDocument.uri, p.position);
    return here ? references(workspace, here.analysis, here.offset, p.context.includeDeclaration) : [];
  }));
  connection.onPrepareRename((p) => guard('prepareRename', null, () => {
    const here = at(p.textDocument.uri, p.position);
    return here ? prepareRename(here.analysis, here.offset) : null;
  }));
  connection.onRenameRequest((p) => guard('rename', null, () => {
    const here = at(p.textDocument.uri, p.position);
    if (!here) return null;
    const result = rename(workspace, here.analysis, here.offset, p.newName);
    if (result instanceof ResponseError) throw result;
    return result;
  }));
  connection.onDocumentSymbol((p) => guard('documentSymbol', [], () => {
    const analysis = workspace.analyzeInContext(p.textDocument.uri);
    return analysis ? documentSymbols(analysis) : [];
  }));
  connection.onWorkspaceSymbol((p) => guard('workspaceSymbol', [], () => workspaceSymbols(workspace, p.query)));
  connection.onFoldingRanges((p) => guard('foldingRange', [], () => {
    const analysis = workspace.analyzeInContext(p.textDocument.uri);
    return analysis ? foldingRanges(analysis) : [];
  }));
  connection.languages.semanticTokens.on((p) => guard('semanticTokens', { data: [] }, () => {
    const analysis = workspace.analyzeInContext(p.textDocument.uri);
    return analysis ? semanticTokens(analysis) : { data: [] };
  }));
  connection.languages.inlayHint.on((p) => guard('inlayHint', [], () => {
    const doc = documents.get(p.textDocument.uri);
    const analysis = workspace.analyzeInContext(p.textDocument.uri);
    if (!doc || !analysis) return [];
    return inlayHints(analysis, { start: doc.offsetAt(p.range.start), end: doc.offsetAt(p.range.end) });
  }));
  connection.onDocumentFormatting((p) => guard('formatting', [], () => {
    const analysis = workspace.analyzeInContext(p.textDocument.uri);
    return analysis ? formatDocument(analysis) : [];
  }));
  connection.onCodeAction((p) => guard('codeAction', [], () => {
    const analysis = workspace.analyzeInContext(p.textDocument.uri);
    return analysis ? codeActions(analysis, p.context.diagnostics) : [];
  }));
  connection.onCodeLens((p) => guard('codeLens', [], () => {
    const analysis = workspace.analyzeInContext(p.textDocument.uri);
    return analysis ? codeLenses(analysis) : [];
  }));
  connection.onExecuteCommand(async (p) => {
    try {
      return await executeCommand(workspace, p.command, p.arguments ?? [], options);
    } catch (error) {
      connection.console.error(`lb: ${p.command} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return { ok: false, message: `${p.command} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  });

  documents.listen(connection);
  connection.listen();
}

startServer();
