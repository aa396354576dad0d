/** How a run's session starts, the same for one haproxy (session.ts) and for the HA pair (ha-session.ts). */

/** The running session, or the exit code lb ends with (the session has stopped what it had made). */
export type Started<S> = { ok: true; session: S } | { ok: false; exitCode: number };

/**
 * Runs `boot` (0: running; otherwise the exit code) of a fresh session. When booting fails, with an exit code or a
 * throw, the session is stopped first, so that no process, directory or namespace outlives the failed start.
 */
export async function bootOrStop<S extends { stop(): Promise<void> }>(session: S, boot: () => Promise<number>): Promise<Started<S>> {
  try {
    const code = await boot();
    if (code === 0) return { ok: true, session };
    await session.stop();
    return { ok: false, exitCode: code };
  } catch (error) {
    await session.stop();
    throw error;
  }
}
