/**
 * A generated file replaces the running one only once it is known good: it is written next to it (`FILE.next`, mode
 * 0600: it may hold secrets), checked by the real tool, and renamed into place on `commit`. A rejected candidate is
 * removed and the running file is left as it was. Shared by the single-host run and the HA pair.
 */
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { OutputFile } from '../../emit/common/output.ts';
import { nodeFileSystem } from '../../cli/node-fs.ts';
import { checkConfig } from './haproxy.ts';
import { localConfig } from './local-config.ts';
import { describeToolOutput } from './tool-report.ts';

export interface Staged {
  path: string;
  candidate: string;
  /** The candidate differs from the file in place (or there is none yet). */
  changed: boolean;
}

export type StageResult = { ok: true; staged: Staged; dropped: string[] } | { ok: false; problem: string };

export function writeSecret(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Writes `text` as `path`'s candidate. */
export function stage(path: string, text: string): Staged {
  const candidate = `${path}.next`;
  writeSecret(candidate, text);
  // undefined when there is no file yet: then the candidate counts as a change.
  return { path, candidate, changed: nodeFileSystem.readFile(path) !== text };
}

/** The generated haproxy.cfg adapted to this run (local-config.ts), staged and checked with `haproxy -c`. */
export function stageHaproxy(binary: string, generated: OutputFile, statsSocket: string, path: string): StageResult {
  const local = localConfig(generated, statsSocket);
  const staged = stage(path, local.file.text);
  const checked = checkConfig(binary, staged.candidate);
  if (checked.ok) return { ok: true, staged, dropped: local.dropped };
  discard(staged);
  return { ok: false, problem: `haproxy -c rejected the generated configuration:\n${describeToolOutput(checked.output, local.file)}` };
}

export function commit(staged: Staged): void {
  renameSync(staged.candidate, staged.path);
}

export function discard(staged: Staged): void {
  rmSync(staged.candidate, { force: true });
}
