/**
 * Run by password-hasher.test.ts with the server's node flags: hashes once (which starts the
 * pool), then reports the young generation a new worker isolate gets under resourceLimits
 * and the main isolate's own heap, after churn.
 */
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { Argon2Hasher } from '../../../src/platform/password-hasher.js';

const newSpaceMb = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size / 1048576;

const hasher = new Argon2Hasher({ memoryCost: 64, timeCost: 1, concurrency: 1 });
await hasher.hash('a password');
const probe = `
const v8 = require('node:v8');
let x = [];
for (let i = 0; i < 2e6; i++) { x.push({ i }); if (x.length > 100) x = []; }
require('node:worker_threads').parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576);`;
const worker = new Worker(probe, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 } });
const workerNewSpaceMb = await new Promise<number>((resolve) => worker.once('message', resolve));
await worker.terminate();
let x: object[] = [];
for (let i = 0; i < 4e6; i++) {
  x.push({ i });
  if (x.length > 1000) x = [];
}
await hasher.close();
process.stdout.write(
  JSON.stringify({ workerNewSpaceMb, mainNewSpaceMb: newSpaceMb(), mainHeapLimitMb: getHeapStatistics().heap_size_limit / 1048576 }),
);
