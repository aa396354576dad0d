/** `set-header`, `add-header`, `del-header`, `redirect https` and `deny` as `http-request` rules. */
import type { HttpAction } from '../../model/model.ts';
import { writeAcls } from './acls.ts';
import { header, value, type HaproxyContext, type Word } from './context.ts';

type Deny = Extract<HttpAction, { kind: 'deny' }>;

/** Writes the ACLs the deny rules need; call before any `http-request` line (ACLs must be declared first). */
export function writeDenyAcls(ctx: HaproxyContext, actions: HttpAction[]): Map<Deny, string[] | undefined> {
  const refs = new Map<Deny, string[] | undefined>();
  let n = 0;
  for (const action of actions) {
    if (action.kind !== 'deny') continue;
    n++;
    refs.set(action, action.conditions.length === 0 ? [] : writeAcls(ctx, `deny${n}`, action.conditions));
  }
  return refs;
}

export function writeHttpActions(ctx: HaproxyContext, actions: HttpAction[], denyRefs: Map<Deny, string[] | undefined>): void {
  for (const action of actions) {
    const words: Word[] = ['http-request'];
    switch (action.kind) {
      case 'set-header':
      case 'add-header':
        // The value is a log-format string: `%[dst_port]` is an expression, quoted as one word.
        words.push(action.kind, header(action.name, 'header name'), value(action.value, `value of header ${action.name}`));
        break;
      case 'del-header':
        words.push('del-header', header(action.name, 'header name'));
        break;
      case 'redirect-https':
        words.push('redirect', 'scheme', 'https');
        if (action.code !== undefined) words.push('code', String(action.code));
        words.push('if', '!{', 'ssl_fc', '}');
        break;
      case 'deny': {
        const refs = denyRefs.get(action);
        if (refs === undefined) continue; // its ACL was refused and reported
        words.push('deny');
        if (action.status !== undefined) words.push('deny_status', String(action.status));
        if (refs.length > 0) words.push('if', ...refs);
        break;
      }
    }
    ctx.statement(action.span, 1, words);
  }
}
