/**
 * Generates the TypeScript client's types (clients/typescript/src/schema.ts) from the
 * server's own OpenAPI document, built in process on an in-memory database. `--check`
 * regenerates into a temporary file and fails when the committed types are stale, so CI
 * catches a server change that the client did not follow.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createContainer } from '../src/container.js';

const TARGET = 'clients/typescript/src/schema.ts';

async function serverDocument(): Promise<string> {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', APPDESK_WORKER: 'false' });
  const container = await createContainer(config, { logger: pino({ level: 'silent' }) });
  const app = await buildApp(container);
  await app.ready();
  const doc = JSON.stringify(app.swagger(), null, 2);
  await app.close();
  await container.close();
  return doc;
}

const dir = mkdtempSync(join(tmpdir(), 'appdesk-client-'));
try {
  const docFile = join(dir, 'openapi.json');
  writeFileSync(docFile, await serverDocument());
  const out = process.argv.includes('--check') ? join(dir, 'schema.ts') : TARGET;
  execFileSync(join('node_modules', '.bin', 'openapi-typescript'), [docFile, '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (out !== TARGET) {
    if (readFileSync(out, 'utf8') !== readFileSync(TARGET, 'utf8')) {
      console.error(`${TARGET} is stale against the server's OpenAPI document: run npm run client:types and commit it.`);
      process.exit(1);
    }
    console.log(`${TARGET} matches the server's OpenAPI document.`);
  } else {
    console.log(`wrote ${TARGET}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
