/**
 * `haproxy -c -dW -f FILE` on a generated configuration: the real parser, with warnings made fatal (-dW).
 * ok = exit status 0; output = stderr + stdout (alerts and warnings are on stderr, "Configuration file is valid" on
 * stdout). Never uses -q: it would hide the alerts. Needs no root and binds no socket.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIMEOUT_MS = 20_000;

export function haproxyAvailable(): boolean {
  const r = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  return r.status === 0;
}

/** `zeroWarning: false` drops -dW, for inputs whose lb warnings knowingly mirror a haproxy warning. */
export function checkHaproxy(text: string, options: { zeroWarning?: boolean } = {}): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lb-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  try {
    writeFileSync(file, text);
    const r = spawnSync('haproxy', ['-c', ...(options.zeroWarning === false ? [] : ['-dW']), '-f', file], { encoding: 'utf8', timeout: TIMEOUT_MS, killSignal: 'SIGKILL' });
    const output = `${r.stderr ?? ''}${r.stdout ?? ''}${r.error ? `\n${r.error.message}` : ''}`;
    return { ok: r.status === 0, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
