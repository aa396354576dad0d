/** Typed literals to runtime values. The parser reports malformed literals (LB0005) and keeps the node; such a
 *  literal evaluates to `none` here without a second report. */
import type { Expr } from '../syntax/ast.ts';
import { parseCidr, parseIp } from '../model/values.ts';
import type { Reporter } from './report.ts';
import type { EvalValue } from './values.ts';

export function evalLiteral(expr: Expr, reporter: Reporter | undefined): EvalValue {
  switch (expr.kind) {
    case 'Number':
      return { kind: 'number', value: expr.value, span: expr.span };
    case 'Bool':
      return { kind: 'bool', value: expr.value, span: expr.span };
    case 'Duration':
      return { kind: 'duration', ms: expr.ms, span: expr.span };
    case 'Size':
      return { kind: 'size', bytes: expr.bytes, span: expr.span };
    case 'Version':
      return { kind: 'version', text: expr.text, span: expr.span };
    case 'Ip': {
      const ip = parseIp(stripBrackets(expr.text));
      return ip ? { kind: 'ip', ip, span: expr.span } : none(expr);
    }
    case 'Cidr': {
      const cidr = parseCidr(expr.text);
      return cidr ? { kind: 'cidr', cidr, span: expr.span } : none(expr);
    }
    case 'Address': {
      if (expr.port > 65535) return none(expr); // reported by the parser
      if (!Number.isInteger(expr.port) || expr.port < 1) {
        reporter?.report('LB1006', expr.span, `Port ${expr.port} in '${expr.text}' is outside 1-65535.`);
        return { kind: 'none', span: expr.span };
      }
      const hostText = stripBrackets(expr.host);
      if (hostText === '*' || hostText === '') return { kind: 'address', address: { host: '*', port: expr.port }, span: expr.span };
      const ip = parseIp(hostText);
      return ip ? { kind: 'address', address: { host: ip, port: expr.port }, span: expr.span } : none(expr);
    }
    default:
      return { kind: 'none', span: expr.span };
  }
}

function none(expr: Expr): EvalValue {
  return { kind: 'none', span: expr.span };
}

function stripBrackets(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}
