/**
 * A self-signed certificate for the TLS cases: `haproxy -c` loads every `crt` and `ca-file`, so the golden files
 * name fixed paths (deterministic output) and the check runs on a copy where those paths point to this certificate.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let cached: { pem: string; cert: string } | null | undefined;

/** Paths of a key+certificate PEM and of the certificate alone; null when openssl is not installed. */
export function selfSignedCertificate(): { pem: string; cert: string } | null {
  if (cached !== undefined) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'lb-emit-haproxy-tls-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=lb.test'], { encoding: 'utf8' });
  if (r.status !== 0) {
    cached = null;
    return cached;
  }
  const pem = join(dir, 'site.pem');
  writeFileSync(pem, readFileSync(cert, 'utf8') + readFileSync(key, 'utf8'));
  cached = { pem, cert };
  return cached;
}
