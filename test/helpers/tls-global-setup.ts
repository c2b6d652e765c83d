/**
 * A certificate authority for this run and a server certificate it signs (localhost,
 * 127.0.0.1), for the fakes of TLS providers (APNs, FCM). Node reads NODE_EXTRA_CA_CERTS
 * only when a process starts, so it is set here, in vitest's parent process, before the
 * test workers are forked: they inherit it and verify the fakes like any real server.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

export default function setup(): (() => void) | undefined {
  // Both projects list this setup: the first one's authority serves the whole run.
  const existing = process.env.APPDESK_TEST_TLS_DIR;
  if (existing && existsSync(join(existing, 'server.pem'))) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'appdesk-tls-'));
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], dir);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-sha256',
      '-days',
      '2',
      '-subj',
      '/CN=appdesk test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      'ca.pem',
    ],
    dir,
  );
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key'], dir);
  openssl(['req', '-new', '-key', 'server.key', '-subj', '/CN=localhost', '-out', 'server.csr'], dir);
  writeFileSync(
    join(dir, 'server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-sha256',
      '-extfile',
      'server.ext',
      '-out',
      'server.pem',
    ],
    dir,
  );
  process.env.NODE_EXTRA_CA_CERTS = join(dir, 'ca.pem');
  process.env.APPDESK_TEST_TLS_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
