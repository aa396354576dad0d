/**
 * Typed values shared by the evaluator, the checks and the emitters.
 * Pure data plus small helpers; no knowledge of any output format.
 */

/** A secret: its string and JSON forms are masked, so it cannot leak into diagnostics, logs or previews by accident.
 *  Only an emitter writing the file that needs it calls `reveal()`. */
export class Secret {
  readonly #value: string;
  constructor(
    value: string,
    /** Where it came from, e.g. the environment variable name; safe to show. */
    readonly source: string,
  ) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  get length(): number {
    return this.#value.length;
  }
  toString(): string {
    return '<secret>';
  }
  toJSON(): string {
    return '<secret>';
  }
}

export type SecretOr<T> = T | Secret;

export function isSecret(v: unknown): v is Secret {
  return v instanceof Secret;
}

/** Milliseconds. */
export type Duration = number;
/** Bytes. */
export type Size = number;

export type IpFamily = 4 | 6;

/** An IP address in canonical text form (IPv4 dotted quad, IPv6 RFC 5952 compressed lower-case). */
export interface Ip {
  text: string;
  family: IpFamily;
}

export interface Cidr {
  /** The address as written (may have host bits set, e.g. an interface address 10.0.0.5/24). */
  ip: Ip;
  prefix: number;
}

/** A listening or target address. `host` is '*' for all IPv4 addresses, or an IP, or (servers only) a DNS name. */
export interface Address {
  host: '*' | Ip | { dns: string };
  port: number;
  /** Set for port ranges on binds: port..portEnd inclusive. */
  portEnd?: number;
}

// ---------- IP helpers ----------

const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/**
 * Four decimal octets 0-255 without leading zeros. Scanned by hand, without a regex match or arrays: every server
 * address of a large file comes through here. A valid address is already in canonical form, so its text is kept.
 */
export function parseIpv4(text: string): Ip | undefined {
  let octets = 0;
  let value = 0;
  let digits = 0;
  // One step past the end, read as a dot, closes the last octet.
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : DOT;
    if (c === DOT) {
      if (digits === 0 || value > 255 || ++octets > 4) return undefined;
      value = 0;
      digits = 0;
    } else if (c >= DIGIT_0 && c <= DIGIT_9) {
      if (digits > 0 && value === 0) return undefined; // a leading zero
      if (++digits > 3) return undefined;
      value = value * 10 + (c - DIGIT_0);
    } else {
      return undefined;
    }
  }
  return octets === 4 ? { text, family: 4 } : undefined;
}

export function parseIpv6(text: string): Ip | undefined {
  const bytes = ipv6ToWords(text);
  if (!bytes) return undefined;
  return { text: wordsToIpv6(bytes), family: 6 };
}

export function parseIp(text: string): Ip | undefined {
  return parseIpv4(text) ?? parseIpv6(text);
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return { ip, prefix };
}

export function cidrText(c: Cidr): string {
  return `${c.ip.text}/${c.prefix}`;
}

function ipv6ToWords(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.includes(':::')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const groups = s.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return undefined;
        const o = v4.text.split('.').map(Number);
        out.push((o[0] << 8) | o[1], (o[2] << 8) | o[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array(missing).fill(0), ...tail];
}

function wordsToIpv6(w: number[]): string {
  // RFC 5952: compress the longest run (>=2) of zero words, first one on ties.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = w.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function computeIpNumber(ip: Ip): bigint {
  if (ip.family === 4) {
    return ip.text.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
  }
  return ipv6ToWords(ip.text)!.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

// Addresses are immutable records compared many times by the checks (every network against every interface and
// VIP): each is turned into a number once.
const ipNumbers = new WeakMap<Ip, bigint>();
const networkRanges = new WeakMap<Cidr, [bigint, bigint]>();

/** The address as a big integer, for subnet arithmetic (memoised per Ip object). */
export function ipToBigInt(ip: Ip): bigint {
  let n = ipNumbers.get(ip);
  if (n === undefined) {
    n = computeIpNumber(ip);
    ipNumbers.set(ip, n);
  }
  return n;
}

export function bigIntToIp(value: bigint, family: IpFamily): Ip | undefined {
  const bits = family === 4 ? 32n : 128n;
  if (value < 0n || value >= 1n << bits) return undefined;
  if (family === 4) {
    const o = [24n, 16n, 8n, 0n].map((s) => Number((value >> s) & 255n));
    return { text: o.join('.'), family: 4 };
  }
  const words: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) words.push(Number((value >> s) & 0xffffn));
  return { text: wordsToIpv6(words), family: 6 };
}

/** IP + n (used by `10.0.0.1 + i` in the language). */
export function ipAdd(ip: Ip, n: number): Ip | undefined {
  return bigIntToIp(ipToBigInt(ip) + BigInt(n), ip.family);
}

/** First and last address of the network (the written address may have host bits set); memoised per Cidr object. */
export function networkRange(c: Cidr): [bigint, bigint] {
  let range = networkRanges.get(c);
  if (range === undefined) {
    const hostBits = BigInt(c.ip.family === 4 ? 32 : 128) - BigInt(c.prefix);
    const base = (ipToBigInt(c.ip) >> hostBits) << hostBits;
    range = [base, base + (1n << hostBits) - 1n];
    networkRanges.set(c, range);
  }
  return range;
}

export function cidrContains(c: Cidr, ip: Ip): boolean {
  if (c.ip.family !== ip.family) return false;
  const [lo, hi] = networkRange(c);
  const v = ipToBigInt(ip);
  return v >= lo && v <= hi;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.ip.family !== b.ip.family) return false;
  const [alo, ahi] = networkRange(a);
  const [blo, bhi] = networkRange(b);
  return alo <= bhi && blo <= ahi;
}

export function isLoopback(ip: Ip): boolean {
  return ip.family === 4 ? ip.text.startsWith('127.') : ip.text === '::1';
}

export function sameIp(a: Ip, b: Ip): boolean {
  return a.family === b.family && a.text === b.text;
}

// ---------- durations and sizes ----------

const DURATION_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `500ms`, `2s`, `1m30s`, `1h`. Returns milliseconds, or undefined. */
export function parseDuration(text: string): Duration | undefined {
  const re = /(\d+)(us|ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    matched = re.lastIndex;
  }
  return matched === text.length && matched > 0 ? total : undefined;
}

/** Shortest exact text for a duration in HAProxy/keepalived-neutral units (`ms`, `s`, `m`, `h`, `d`). */
export function formatDuration(ms: Duration): string {
  for (const [unit, factor] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= factor && ms % factor === 0) return `${ms / factor}${unit}`;
  }
  return `${ms}ms`;
}

const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1000, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

export function parseSize(text: string): Size | undefined {
  const m = /^(\d+)(B|KB|MB|GB|KiB|MiB|GiB)$/.exec(text);
  return m ? Number(m[1]) * SIZE_UNITS[m[2]] : undefined;
}
