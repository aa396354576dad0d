/** `bind` lines: address or port range, TLS (`ssl crt FILE alpn ...`) and `transparent`. */
import type { Bind } from '../../model/model.ts';
import { value, type HaproxyContext, type Word } from './context.ts';
import { formatAddress } from './format.ts';

export function writeBind(ctx: HaproxyContext, bind: Bind): void {
  const address = formatAddress(bind.address);
  if (address === undefined) {
    ctx.error('LB5002', bind.span, 'The bind address is not a valid host name or IP address; bind an IP address or *.');
    return;
  }
  const words: Word[] = ['bind', address];
  if (bind.tls) {
    words.push('ssl', 'crt', value(bind.tls.cert, 'certificate path'));
    if (bind.tls.alpn && bind.tls.alpn.length > 0) words.push('alpn', value(bind.tls.alpn.join(','), 'ALPN protocol list'));
    if (bind.tls.minVersion !== undefined) words.push('ssl-min-ver', value(bind.tls.minVersion, 'minimum TLS version'));
  }
  if (bind.transparent) words.push('transparent');
  ctx.statement(bind.span, 1, words);
}
