/**
 * Subnet tests for the checks, the same answers as values.ts `cidrContains` / `cidrsOverlap`, but each address is
 * turned into a number once per model object: checks compare every cluster network with every interface and VIP,
 * and re-parsing the same address text each time dominated the check of a large file.
 */
import { ipToBigInt, type Cidr, type Ip } from '../model/values.ts';

const ipNumbers = new WeakMap<Ip, bigint>();
const networkRanges = new WeakMap<Cidr, [bigint, bigint]>();

export function ipNumber(ip: Ip): bigint {
  let n = ipNumbers.get(ip);
  if (n === undefined) {
    n = ipToBigInt(ip);
    ipNumbers.set(ip, n);
  }
  return n;
}

/** First and last address of the network (the written address may have host bits set). */
export function networkRange(c: Cidr): [bigint, bigint] {
  let range = networkRanges.get(c);
  if (range === undefined) {
    const hostBits = BigInt(c.ip.family === 4 ? 32 : 128) - BigInt(c.prefix);
    const base = (ipNumber(c.ip) >> hostBits) << hostBits;
    range = [base, base + (1n << hostBits) - 1n];
    networkRanges.set(c, range);
  }
  return range;
}

export function cidrContains(c: Cidr, ip: Ip): boolean {
  if (c.ip.family !== ip.family) return false;
  const [lo, hi] = networkRange(c);
  const v = ipNumber(ip);
  return v >= lo && v <= hi;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.ip.family !== b.ip.family) return false;
  const [alo, ahi] = networkRange(a);
  const [blo, bhi] = networkRange(b);
  return alo <= bhi && blo <= ahi;
}
