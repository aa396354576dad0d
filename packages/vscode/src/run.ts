/**
 * "lb: Run" and "lb: Stop": the server's lb.run first (compile, then `haproxy -c`), then `lb run FILE` in a VS Code
 * terminal with the CLI bundled in the extension (dist/lb.cjs), started with the extension host's own Node. Stop
 * sends Ctrl-C, which makes `lb run` stop everything it started, and closes the terminal if it does not exit.
 * When the bundled CLI has no `run` command yet, Run reports the validation only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname } from 'node:path';
import * as vscode from 'vscode';
import { statsUrlsFromResult } from './stats-url.ts';

export interface RunResult {
  ok?: boolean;
  message?: string;
  validated?: { path: string; ok: boolean; output: string }[];
  [key: string]: unknown;
}

/** How long Stop waits for `lb run` to stop its processes after Ctrl-C before closing the terminal. */
const STOP_GRACE_MS = 5000;

export class Runner implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private runningUri: vscode.Uri | undefined;
  private lastResult: RunResult | undefined;
  private cliHasRun: boolean | undefined;
  private readonly running = new vscode.EventEmitter<boolean>();
  readonly onDidChangeRunning = this.running.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly cliPath: string,
    private readonly output: vscode.OutputChannel,
  ) {
    this.disposables.push(
      this.running,
      vscode.window.onDidCloseTerminal((t) => {
        if (t === this.terminal) this.setStopped();
      }),
    );
  }

  get isRunning(): boolean {
    return this.terminal !== undefined;
  }

  /** The .lb file being run, for "Open Stats Page". */
  get source(): vscode.Uri | undefined {
    return this.runningUri;
  }

  /** Stats URLs the last run reported, if it reported any. */
  get statsUrls(): string[] {
    return statsUrlsFromResult(this.lastResult);
  }

  async run(uri: vscode.Uri, validate: (uri: string) => Promise<RunResult>): Promise<RunResult | undefined> {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // `lb run` reads the file from disk, and reloads on save.
    if (doc?.isDirty) await doc.save();
    const result = await validate(uri.toString());
    this.lastResult = result;
    this.report(result);
    if (!result?.ok) {
      const choice = await vscode.window.showErrorMessage(`lb: not run: ${result?.message ?? 'the server did not answer'}`, 'Show Problems', 'Show Output');
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      if (choice === 'Show Output') this.output.show(true);
      return result;
    }
    if (uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('lb: save the file to disk to run it.');
      return result;
    }
    if (!this.hasRunCommand()) {
      void vscode.window.showInformationMessage(`lb: ${result.message ?? 'compiled and validated'}`);
      return result;
    }
    // One run at a time: the previous one stops its servers and haproxy first.
    await this.stopTerminal();
    const haproxy = vscode.workspace.getConfiguration('lb').get<string>('haproxyPath', '').trim();
    const path = haproxy !== '' ? `${dirname(haproxy)}${delimiter}${process.env.PATH ?? ''}` : process.env.PATH;
    this.terminal = vscode.window.createTerminal({
      name: `lb run ${uri.path.slice(uri.path.lastIndexOf('/') + 1)}`,
      shellPath: process.execPath,
      shellArgs: [this.cliPath, 'run', uri.fsPath],
      cwd: dirname(uri.fsPath),
      // In VS Code desktop process.execPath is Electron: this makes it a plain Node.
      env: { ELECTRON_RUN_AS_NODE: '1', ...(path ? { PATH: path } : {}) },
      iconPath: new vscode.ThemeIcon('play'),
    });
    this.terminal.show(true);
    this.runningUri = uri;
    this.running.fire(true);
    return result;
  }

  async stop(notifyServer: () => Promise<unknown>): Promise<void> {
    await this.stopTerminal();
    try {
      await notifyServer();
    } catch (error) {
      this.output.appendLine(`lb.stop: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Ctrl-C to `lb run`, which stops everything it started; the terminal is closed if it has not ended in time. */
  private async stopTerminal(): Promise<void> {
    const terminal = this.terminal;
    if (!terminal) return;
    terminal.sendText('\u0003', false);
    // A terminal whose process ended stays open to show its output: that counts as stopped.
    const deadline = Date.now() + STOP_GRACE_MS;
    while (Date.now() < deadline && terminal.exitStatus === undefined && this.terminal === terminal) await sleep(200);
    if (terminal.exitStatus === undefined && this.terminal === terminal) terminal.dispose();
    this.setStopped();
  }

  dispose(): void {
    this.terminal?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private setStopped(): void {
    if (!this.terminal) return;
    this.terminal = undefined;
    this.running.fire(false);
  }

  /** The validation output, in the lb output channel. */
  private report(result: RunResult | undefined): void {
    if (!result) return;
    this.output.appendLine(`lb.run: ${result.message ?? (result.ok ? 'ok' : 'failed')}`);
    for (const v of result.validated ?? []) this.output.appendLine(`  ${v.path}: ${v.ok ? 'valid' : 'invalid'}${v.output ? `\n    ${v.output.split('\n').join('\n    ')}` : ''}`);
  }

  /** Whether the bundled CLI has `lb run` (it arrives with issue 5): `lb run --help` exits 0. */
  private hasRunCommand(): boolean {
    if (this.cliHasRun === undefined) {
      if (!existsSync(this.cliPath)) this.cliHasRun = false;
      else {
        const r = spawnSync(process.execPath, [this.cliPath, 'run', '--help'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 10_000, encoding: 'utf8' });
        this.cliHasRun = r.status === 0;
      }
      this.output.appendLine(`lb run: ${this.cliHasRun ? 'using' : 'not available in'} ${this.cliPath}`);
    }
    return this.cliHasRun;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
