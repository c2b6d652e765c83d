/**
 * `npm run worker`: a push delivery worker without the HTTP API, so that API instances
 * (APPDESK_WORKER=false) and workers scale apart. Stops gracefully on SIGTERM/SIGINT,
 * finishing the delivery in hand; an unfinished one resumes elsewhere when its lease ends.
 */
import { ConfigError, loadConfig } from './config.js';
import { createContainer } from './container.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const container = await createContainer(config);
  container.startWorker();
  container.logger.info({ worker: container.workerId }, 'push worker started');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    container.logger.info({ signal }, 'push worker stopping');
    await container.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`appdesk worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
