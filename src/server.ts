/**
 * Entry point: read the configuration, build the container and the app, listen, and stop
 * gracefully on SIGTERM/SIGINT (stop accepting, finish in-flight requests, close the
 * database). A malformed configuration exits 1 naming the variable.
 */
import { buildApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { createContainer } from './container.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const container = await createContainer(config);
  const app = await buildApp(container);
  await app.listen({ host: config.host, port: config.port });
  if (config.worker) container.startWorker();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    container.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 25000);
    force.unref();
    // Keep-alive connections that finish their last request while we close would otherwise
    // hold the server open until their idle timeout: close each as soon as it is idle.
    const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
    reaper.unref();
    try {
      await app.close();
      await container.close();
      process.exit(0);
    } catch (err) {
      container.logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`appdesk failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
