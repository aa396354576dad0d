/**
 * The lb extension: starts the language server and gives its commands a UI. The client registers the server's
 * commands (lb.compile, lb.preview, lb.run, lb.stop) itself, so code lenses and the command palette reach the same
 * place; the `executeCommand` middleware here decides what each does in the editor. lb.openStats is ours alone.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient, LANGUAGE_ID, serverCommand } from './client.ts';
import { parsePreviewUri, PREVIEW_SCHEME, PreviewManager, type PreviewResult } from './preview.ts';
import { Runner, type RunResult } from './run.ts';
import { StatusItem } from './status.ts';
import { statsUrlsFromHaproxyCfg } from './stats-url.ts';

let client: LanguageClient | undefined;

interface CompileResult {
  ok: boolean;
  outDir?: string;
  written?: unknown[];
  /** Set when the file is imported by another: the entry that was compiled in its place. */
  entry?: string;
  message?: string;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('lb', { log: true });
  const status = new StatusItem();
  const preview = new PreviewManager((uri) => request<PreviewResult>('lb.preview', uri));
  const runner = new Runner(context.asAbsolutePath('dist/lb.cjs'), output);
  context.subscriptions.push(output, status, preview, runner);

  function request<T>(command: string, uri: string): Promise<T> {
    if (!client) return Promise.reject(new Error('the lb language server is not running'));
    return serverCommand<T>(client, command, uri);
  }

  runner.onDidChangeRunning((running) => {
    status.setRunning(running);
    void vscode.commands.executeCommand('setContext', 'lb.running', running);
  });

  const onServerCommand = async (command: string, args: unknown[], next: (command: string, args: unknown[]) => unknown): Promise<unknown> => {
    const source = sourceOf(args);
    // Stop needs no file: it stops whatever runs (the status bar item calls it without one).
    if (command === 'lb.stop') return runner.stop(() => Promise.resolve(next(command, [(source ?? runner.source)?.toString() ?? ''])));
    if (!source) {
      void vscode.window.showWarningMessage(`lb: open a .lb file first (${command}).`);
      return undefined;
    }
    const forward = (uri: string) => Promise.resolve(next(command, [uri]));
    switch (command) {
      case 'lb.compile':
        return compile(source, forward);
      case 'lb.preview':
        return preview.open(source);
      case 'lb.run':
        return runner.run(source, (uri) => forward(uri) as Promise<RunResult>);
      default:
        return next(command, args);
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('lb.openStats', () => openStats(runner, request)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      // The server path, haproxy and rule severities are read at start: restart with the new ones.
      if (!e.affectsConfiguration('lb') || !client) return;
      output.appendLine('Settings changed: restarting the lb language server.');
      await client.stop();
      client = createClient(context, output, onServerCommand);
      await start();
    }),
  );

  async function start(): Promise<void> {
    try {
      await client!.start();
      status.setReady();
    } catch (error) {
      output.appendLine(`The lb language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage('lb: the language server did not start; see the "lb" output.');
    }
  }

  client = createClient(context, output, onServerCommand);
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The .lb file a command is about: its argument (a URI string from a code lens, a Uri from a menu), else the editor. */
function sourceOf(args: readonly unknown[]): vscode.Uri | undefined {
  const arg = args[0];
  if (typeof arg === 'string' && arg !== '') return vscode.Uri.parse(arg);
  if (arg instanceof vscode.Uri) return arg.scheme === PREVIEW_SCHEME ? vscode.Uri.parse(parsePreviewUri(arg).source) : arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === LANGUAGE_ID) return active.uri;
  if (active?.uri.scheme === PREVIEW_SCHEME) return vscode.Uri.parse(parsePreviewUri(active.uri).source);
  return vscode.window.visibleTextEditors.find((e) => e.document.languageId === LANGUAGE_ID)?.document.uri;
}

async function compile(source: vscode.Uri, forward: (uri: string) => Promise<unknown>): Promise<unknown> {
  const result = (await forward(source.toString())) as CompileResult | undefined;
  if (result?.ok) {
    const count = result.written?.length ?? 0;
    const from = result.entry ? ` (compiled from ${result.entry}, which imports this file)` : '';
    const choice = await vscode.window.showInformationMessage(`lb: wrote ${count} file${count === 1 ? '' : 's'} to ${result.outDir}${from}`, 'Reveal');
    if (choice === 'Reveal' && result.outDir) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.outDir));
  } else {
    const choice = await vscode.window.showErrorMessage(`lb: not compiled: ${result?.message ?? 'the server did not answer'}`, 'Show Problems');
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  }
  return result;
}

/** Opens the stats page: the URL the run reported, else the one in the generated haproxy.cfg. */
async function openStats(runner: Runner, request: <T>(command: string, uri: string) => Promise<T>): Promise<void> {
  let urls = runner.statsUrls;
  if (urls.length === 0) {
    const source = runner.source ?? sourceOf([]);
    if (!source) {
      void vscode.window.showWarningMessage('lb: open or run a .lb file that has a stats block.');
      return;
    }
    const result = await request<PreviewResult>('lb.preview', source.toString()).catch(() => undefined);
    const configs = (result?.files ?? []).filter((f) => f.target === 'haproxy');
    urls = [...new Set(configs.flatMap((f) => statsUrlsFromHaproxyCfg(f.text)))];
  }
  if (urls.length === 0) {
    void vscode.window.showWarningMessage('lb: this file has no stats page; add a `stats { bind 127.0.0.1:8404 }` block.');
    return;
  }
  const url = urls.length === 1 ? urls[0] : await vscode.window.showQuickPick(urls, { placeHolder: 'Which stats page?' });
  if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
}
