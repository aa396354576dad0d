/**
 * What a run leaves when lb's own process ends. While lb lives, `onProcessExit` is the last resort that cleans a live
 * run up on exit, also when lb itself fails (children.ts kills processes, netns.ts removes namespaces). After lb is
 * gone, `isAlive` on the owner pid a run recorded tells a later run that the leftovers are stale.
 */

const cleanups = new Set<() => void>();
let hooked = false;

/**
 * Runs `cleanup` (synchronous: nothing asynchronous runs on exit) when the process exits, in registration order,
 * unless the returned function was called first (the run cleaned up politely). One `exit` listener serves all.
 */
export function onProcessExit(cleanup: () => void): () => void {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const c of cleanups) c();
    });
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

/** Whether a process with this pid exists (EPERM: it does, only not ours to signal). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
