/**
 * Conversions from runtime values to the types settings expect. Strings convert when they parse as the type, so
 * `env("PORT", "8080")` works as a port. Each returns undefined when the value does not convert; the caller reports.
 */
import { parseCidr, parseDuration, parseIp, type Address, type Cidr, type Ip } from '../../model/values.ts';
import type { EvalValue } from '../values.ts';

export function toNumber(v: EvalValue): number | undefined {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'string' && /^-?\d+(\.\d+)?$/.test(v.value.trim())) return Number(v.value.trim());
  return undefined;
}

export function toDuration(v: EvalValue): number | undefined {
  if (v.kind === 'duration') return v.ms;
  if (v.kind === 'string') return parseDuration(v.value.trim());
  return undefined;
}

export function toIp(v: EvalValue): Ip | undefined {
  if (v.kind === 'ip') return v.ip;
  if (v.kind === 'string') return parseIp(v.value.trim());
  return undefined;
}

/** A CIDR; with `bareIp` an IP without prefix means a single address (/32 or /128). */
export function toCidr(v: EvalValue, bareIp = false): Cidr | undefined {
  if (v.kind === 'cidr') return v.cidr;
  if (v.kind === 'string') {
    const c = parseCidr(v.value.trim());
    if (c) return c;
  }
  if (!bareIp) return undefined;
  const ip = toIp(v);
  return ip ? { ip, prefix: ip.family === 4 ? 32 : 128 } : undefined;
}

/** `IP:PORT`, `*:PORT`, `:PORT`, `[v6]:PORT`; with `dns`, also `name:PORT` (servers may name a DNS host). */
export function toAddress(v: EvalValue, dns = false): Address | undefined {
  if (v.kind === 'address') return v.address;
  if (v.kind !== 'string') return undefined;
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(v.value.trim());
  if (!m) return undefined;
  const hostText = m[1] ?? m[2];
  const port = Number(m[3]);
  if (hostText === '*' || hostText === '') return { host: '*', port };
  const ip = parseIp(hostText);
  if (ip) return { host: ip, port };
  if (dns && /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(hostText)) {
    return { host: { dns: hostText }, port };
  }
  return undefined;
}

/** Text of a string, a word, a number or a version (paths, names, header values). */
export function toText(v: EvalValue): string | undefined {
  switch (v.kind) {
    case 'string': return v.value;
    case 'word': return v.name;
    case 'number': return String(v.value);
    case 'version': return v.text;
    default: return undefined;
  }
}
