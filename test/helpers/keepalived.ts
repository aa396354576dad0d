/**
 * `keepalived -t` on a generated file, inside a throwaway network namespace that has the interfaces the file names
 * (keepalived -t checks that they exist, and rejects `lo`). Each interface is one end of a veth pair whose peer stays
 * in the same namespace; both ends are up. The namespace is always deleted, even when a step fails or times out.
 * ok = exit status 0 and no WARNING in the output (keepalived exits 5 on any warning, but be explicit).
 * Needs root (ip netns); see /work/shared/reference/testing-recipes.md §3.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIMEOUT_MS = 10_000;
let sequence = 0;

function run(command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: TIMEOUT_MS, killSignal: 'SIGKILL' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`;
  return { status: r.status, output };
}

export function checkKeepalived(text: string, interfaces: string[]): { ok: boolean; output: string } {
  // A missing or empty file also exits 0, so refuse to "pass" one.
  if (text.trim() === '') return { ok: false, output: 'empty configuration' };
  const netns = `lbka-${process.pid}-${Date.now().toString(36)}-${sequence++}`;
  const dir = mkdtempSync(join(tmpdir(), 'lb-keepalived-'));
  const file = join(dir, 'keepalived.conf');
  writeFileSync(file, text);
  try {
    const add = run('ip', ['netns', 'add', netns]);
    if (add.status !== 0) return { ok: false, output: `ip netns add failed: ${add.output}` };
    let peer = 0;
    for (const name of new Set(interfaces)) {
      const peerName = `lbkapeer${peer++}`;
      for (const args of [
        ['-n', netns, 'link', 'add', name, 'type', 'veth', 'peer', 'name', peerName],
        ['-n', netns, 'link', 'set', name, 'up'],
        ['-n', netns, 'link', 'set', peerName, 'up'],
      ]) {
        const r = run('ip', args);
        if (r.status !== 0) return { ok: false, output: `ip ${args.join(' ')} failed: ${r.output}` };
      }
    }
    const check = run('ip', ['netns', 'exec', netns, 'keepalived', '-t', '-f', file]);
    return { ok: check.status === 0 && !/WARNING/i.test(check.output), output: check.output.trim() };
  } finally {
    run('ip', ['netns', 'delete', netns]);
    rmSync(dir, { recursive: true, force: true });
  }
}
