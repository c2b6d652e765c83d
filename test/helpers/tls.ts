/** The server key and certificate made by tls-global-setup.ts, signed by the CA this run trusts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function testServerTls(): { key: Buffer; cert: Buffer } {
  const dir = process.env.APPDESK_TEST_TLS_DIR;
  if (!dir || !process.env.NODE_EXTRA_CA_CERTS) throw new Error('no test CA: run through vitest (test/helpers/tls-global-setup.ts)');
  return { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
}
