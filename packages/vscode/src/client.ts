/**
 * The language client: starts lb's language server (dist/server.cjs, bundled into the extension so it works
 * offline) over stdio, with the settings it needs, and the middleware that gives the server's commands their UI.
 */
import * as vscode from 'vscode';
import { SERVER_NODE_OPTIONS } from '../../lsp/src/node-options.ts';
import { ExecuteCommandRequest, LanguageClient, TransportKind, type LanguageClientOptions, type Middleware, type ServerOptions } from 'vscode-languageclient/node';
import { applyRuleLevels, parseRules } from './rule-severity.ts';

export const LANGUAGE_ID = 'lb';

/** The server script: the `lb.server.path` setting when it names a file, else the bundled one. */
export function serverModulePath(context: vscode.ExtensionContext): string {
  const configured = vscode.workspace.getConfiguration('lb').get<string>('server.path', '').trim();
  return configured !== '' ? configured : context.asAbsolutePath('dist/server.cjs');
}

export function createClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  executeCommand: NonNullable<Middleware['executeCommand']>,
): LanguageClient {
  const module = serverModulePath(context);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_NODE_OPTIONS] } },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6019'] } },
  };
  const config = vscode.workspace.getConfiguration('lb');
  const { rules, ignored } = parseRules(config.get('rules'));
  if (ignored.length > 0) output.appendLine(`lb.rules: ignored ${ignored.join(', ')} (a code such as LB2015 and one of error, warning, info, hint, off)`);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    outputChannel: output,
    initializationOptions: {
      haproxyPath: config.get<string>('haproxyPath', ''),
      rules: Object.fromEntries(rules),
    },
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => next(uri, applyRuleLevels(diagnostics, rules)),
      executeCommand,
    },
  };
  return new LanguageClient('lb', 'lb language server', serverOptions, clientOptions);
}

/** Sends a command to the server directly (not through VS Code's command, whose middleware adds the UI). */
export function serverCommand<T>(client: LanguageClient, command: string, uri: string): Promise<T> {
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [uri] }) as Promise<T>;
}
