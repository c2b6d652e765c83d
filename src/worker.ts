/**
 * `npm run worker`: a push delivery worker without the HTTP API, so that API instances
 * (APPDESK_WORKER=false) and workers scale apart. Stops gracefully on SIGTERM/SIGINT,
 * finishing the delivery in hand; an unfinished one resumes elsewhere when its lease ends.
 */
import { loadConfigOrExit } from './config.js';
import { createContainer } from './container.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // Listen for signals before the (slow) start, so a stop asked during it is still clean.
  let stopSignal: string | undefined;
  let stop: (signal: string) => void = (signal) => {
    stopSignal = signal;
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const container = await createContainer(config);
  let stopping = false;
  stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    container.logger.info({ signal }, 'push worker stopping');
    void container.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  if (stopSignal) return stop(stopSignal);
  // The queue's timers do not hold the process open (an API server's socket does that);
  // a worker has nothing else, so it holds itself open until it is told to stop.
  setInterval(() => undefined, 60_000);
  container.startWorker();
  container.logger.info({ worker: container.workerId }, 'push worker started');
}

main().catch((err: unknown) => {
  process.stderr.write(`appdesk worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
