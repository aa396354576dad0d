/**
 * The stats page's URL for "lb: Open Stats Page": taken from the run result when it carries one (`lb run` knows
 * it), else read from the generated haproxy.cfg: the `bind` of the section that has `stats enable` or `stats uri`.
 */

/** URLs found in a run result: `statsUrl`, `stats: [{ url }]` or `stats: { url }`, whichever the server sends. */
export function statsUrlsFromResult(result: unknown): string[] {
  if (!result || typeof result !== 'object') return [];
  const r = result as { statsUrl?: unknown; stats?: unknown };
  const urls: string[] = [];
  if (typeof r.statsUrl === 'string') urls.push(r.statsUrl);
  const stats = Array.isArray(r.stats) ? r.stats : r.stats ? [r.stats] : [];
  for (const s of stats) {
    if (typeof s === 'string') urls.push(s);
    else if (s && typeof (s as { url?: unknown }).url === 'string') urls.push((s as { url: string }).url);
  }
  return urls.filter((u) => /^https?:\/\//.test(u));
}

/** Stats page URLs of a haproxy.cfg, in file order. A wildcard bind is reached on loopback. */
export function statsUrlsFromHaproxyCfg(text: string): string[] {
  const urls: string[] = [];
  let section: { binds: string[]; uri?: string; stats: boolean; tls: boolean } | undefined;
  const flush = () => {
    if (section?.stats) {
      for (const bind of section.binds) urls.push(`${section.tls ? 'https' : 'http'}://${bind}${section.uri ?? '/stats'}`);
    }
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    if (!/^\s/.test(raw)) {
      flush();
      section = /^(listen|frontend)\b/.test(line) ? { binds: [], stats: false, tls: false } : undefined;
      continue;
    }
    if (!section) continue;
    const words = line.split(/\s+/);
    if (words[0] === 'bind' && words[1]) {
      const host = hostOfBind(words[1]);
      if (host) section.binds.push(host);
      if (words.includes('ssl')) section.tls = true;
    } else if (words[0] === 'stats') {
      if (words[1] === 'enable') section.stats = true;
      if (words[1] === 'uri' && words[2]) {
        section.stats = true;
        section.uri = words[2].replace(/^'(.*)'$/, '$1');
      }
    }
  }
  flush();
  return urls;
}

/** `*:8404` -> `127.0.0.1:8404`, `[::]:8404` -> `[::1]:8404`, `10.0.0.1:8404` as is; a port range is not a page. */
function hostOfBind(address: string): string | undefined {
  const m = /^(.*):(\d+)$/.exec(address);
  if (!m) return undefined;
  const [, host, port] = m;
  if (host === '' || host === '*' || host === '0.0.0.0') return `127.0.0.1:${port}`;
  if (host === '[::]' || host === '::') return `[::1]:${port}`;
  return `${host}:${port}`;
}
