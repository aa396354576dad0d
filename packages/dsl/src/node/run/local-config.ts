/**
 * The generated haproxy.cfg, adapted to run here in the foreground: a stats socket in the run's temporary directory
 * (the live view reads it), and without the global settings that only make sense on the real machine (`daemon`
 * would fight master-worker mode, `user`/`group`/`chroot` need root and directories that may not exist here, and
 * the file's own `stats socket` path belongs to the real machine).
 * Everything else is the file `lb compile` writes, byte for byte; the source map follows the lines, so what
 * `haproxy -c` says about the adapted file still points at the .lb line.
 */
import type { OutputFile } from '../../emit/common/output.ts';

// `stats socket` too: its path is the real machine's (/run/haproxy often needs root, and two runs, or the two nodes of
// an HA pair, would take the same socket from each other); lb adds its own in the run's directory.
const DROPPED = /^\s+(daemon|user|group|chroot|stats\s+socket)(\s|$)/;

export interface LocalConfig {
  file: OutputFile;
  /** Global settings left out for the run, e.g. `chroot /var/lib/haproxy`, to tell the user. */
  dropped: string[];
}

export function localConfig(generated: OutputFile, statsSocket: string): LocalConfig {
  const lines = generated.text.split('\n');
  const text: string[] = [];
  const map: OutputFile['map'] = [];
  const dropped: string[] = [];
  let inGlobal = false;
  lines.forEach((line, i) => {
    if (/^\S/.test(line)) inGlobal = /^global(\s|$)/.test(line);
    if (inGlobal && DROPPED.test(line)) {
      dropped.push(line.trim());
      return;
    }
    text.push(line);
    map.push(generated.map[i] ?? null);
    if (/^global(\s|$)/.test(line)) {
      text.push(`    stats socket ${/\s/.test(statsSocket) ? JSON.stringify(statsSocket) : statsSocket} mode 600 level admin`);
      map.push(null);
    }
  });
  return { file: { ...generated, text: text.join('\n'), map }, dropped };
}
