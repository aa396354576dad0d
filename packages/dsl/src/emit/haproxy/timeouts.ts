/** `timeout KIND DURATION` lines, in a fixed order so output does not depend on how the program listed them. */
import { TIMEOUT_KINDS, type Timeouts } from '../../model/model.ts';
import type { HaproxyContext } from './context.ts';
import { formatHaproxyDuration } from './format.ts';

export function writeTimeouts(ctx: HaproxyContext, timeouts: Timeouts): void {
  for (const kind of TIMEOUT_KINDS) {
    const timeout = timeouts[kind];
    if (timeout) ctx.statement(timeout.span, 1, ['timeout', kind, formatHaproxyDuration(timeout.value)]);
  }
}
