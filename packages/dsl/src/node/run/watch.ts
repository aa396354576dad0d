/**
 * Reload on save, the same for one haproxy (session.ts) and the HA pair (ha-session.ts): the .lb file and every file
 * it imports are polled; after a change (and a short pause, since an editor's save may come in several writes) the
 * session's reload runs. One reload at a time: a save during a reload, or the `r` key, joins the running one.
 */
import { nodeFileSystem } from '../../cli/node-fs.ts';

export class SourceWatcher {
  private prints = new Map<string, string>();
  private running: Promise<unknown> | undefined;
  private timer?: ReturnType<typeof setInterval>;

  /** The files watched now: the last compile's, kept even when it failed (an import just added is watched too). */
  get files(): string[] {
    return [...this.prints.keys()];
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Watches exactly `files` from now on; a file already watched keeps its fingerprint (its change is not lost). */
  remember(files: readonly string[]): void {
    const next = new Map<string, string>();
    for (const f of files) next.set(f, this.prints.get(f) ?? fingerprint(f));
    this.prints = next;
  }

  /** Runs `reload` unless one runs already, whose promise is then returned instead. */
  once<T>(reload: () => Promise<T>): Promise<T> {
    if (!this.running) this.running = reload().finally(() => (this.running = undefined));
    return this.running as Promise<T>;
  }

  /** Polls every `everyMs` until `stop()`; a change calls `reload` through `once`. */
  start(reload: () => Promise<unknown>, everyMs = 250): void {
    this.timer ??= setInterval(() => void this.poll(reload), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Waits for the reload in progress, if any (before stopping what it works on). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async poll(reload: () => Promise<unknown>): Promise<void> {
    if (this.running || this.timer === undefined) return;
    if (![...this.prints].some(([f, print]) => fingerprint(f) !== print)) return;
    await new Promise((r) => setTimeout(r, 100));
    if (this.timer === undefined) return;
    for (const f of this.prints.keys()) this.prints.set(f, fingerprint(f));
    await this.once(reload);
  }
}

/** The file's text: a save that keeps size and modification time (same second, same length) still counts. */
function fingerprint(path: string): string {
  return nodeFileSystem.readFile(path) ?? '\u0000missing';
}

/** `[HH:MM:SS] text`: how both sessions print an event (a reload, a kill, a failover). */
export function stamped(text: string): string {
  return `[${new Date().toISOString().slice(11, 19)}] ${text}`;
}
