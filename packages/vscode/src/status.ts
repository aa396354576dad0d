/**
 * The status bar item: "lb: ok", "lb: N problems" (errors and warnings in .lb files) or "lb: running". Shown while
 * a .lb file or its preview is active, or something runs; a click opens the Problems panel, or stops the run.
 */
import * as vscode from 'vscode';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lb.status', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];
  private running = false;
  private starting = true;

  constructor() {
    this.item.name = 'lb';
    this.disposables.push(
      this.item,
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  setRunning(running: boolean): void {
    this.running = running;
    this.update();
  }

  /** The server answered: counts from now on are real. */
  setReady(): void {
    this.starting = false;
    this.update();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const active = doc?.languageId === 'lb' || doc?.uri.scheme === 'lb-preview';
    if (this.running) {
      this.item.text = '$(play) lb: running';
      this.item.tooltip = 'lb run is running in a terminal; click to stop it';
      this.item.command = 'lb.stop';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.show();
      return;
    }
    this.item.backgroundColor = undefined;
    if (!active) {
      this.item.hide();
      return;
    }
    if (this.starting) {
      this.item.text = '$(sync~spin) lb';
      this.item.tooltip = 'Starting the lb language server';
      this.item.command = undefined;
      this.item.show();
      return;
    }
    let errors = 0;
    let warnings = 0;
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      if (!uri.path.endsWith('.lb')) continue;
      for (const d of diagnostics) {
        if (d.source !== 'lb') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      }
    }
    const problems = errors + warnings;
    this.item.text = problems === 0 ? '$(check) lb: ok' : `$(${errors > 0 ? 'error' : 'warning'}) lb: ${problems} problem${problems === 1 ? '' : 's'}`;
    this.item.tooltip = `lb: ${errors} error(s), ${warnings} warning(s) in .lb files; click to show the Problems panel`;
    this.item.command = 'workbench.actions.view.problems';
    this.item.show();
  }
}
