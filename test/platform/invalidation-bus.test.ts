/**
 * The invalidation buses across a lost connection: `down` as soon as messages can be missed,
 * `up` once listening again (after backoff), and messages flowing again afterwards. The
 * listener's connection goes through a TCP proxy the test cuts; publishing goes direct.
 */
import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/platform/redis.js';
import { PostgresBus, RedisBus, type BusListener, type InvalidationBus } from '../../src/platform/invalidation-bus.js';
import { testDialect } from '../helpers/database.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { EVENT_MS } from '../helpers/wait.js';

const logger = pino({ level: 'silent' });

class Recorder implements BusListener {
  events: string[] = [];
  messages: unknown[] = [];
  message(m: unknown) {
    this.messages.push(m);
  }
  down() {
    this.events.push('down');
  }
  up() {
    this.events.push('up');
  }
}

/** Bounded generously (EVENT_MS): reconnects back off on real time. */
async function until(check: () => boolean, ms = EVENT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The same scenario for every bus: listen, lose the connection, get it back, receive again. */
async function loseAndRegain(listening: InvalidationBus, publishing: InvalidationBus, proxy: TcpProxy) {
  const rec = new Recorder();
  await listening.subscribe(rec);
  await publishing.publish({ kind: 'user', id: 1 });
  await until(() => rec.messages.length === 1);
  expect(rec.messages).toEqual([{ kind: 'user', id: 1 }]);

  // Listening from the start (an initial `up` is allowed: a cache starting empty loses nothing).
  expect(rec.events.filter((e) => e !== 'up')).toEqual([]);
  const before = rec.events.length;
  await proxy.cut();
  await until(() => rec.events.includes('down'));
  // Published while the listener is away: missed, which is why caches were told `down`.
  await publishing.publish({ kind: 'user', id: 2 });
  await proxy.restore();
  await until(() => rec.events.at(-1) === 'up');
  expect(rec.events.slice(before)).toEqual(['down', 'up']);

  await publishing.publish({ kind: 'session', id: 3 });
  await until(() => rec.messages.some((m) => (m as { id: number }).id === 3));
  // An instance never hears its own messages (it applied them already).
  expect(rec.messages.filter((m) => (m as { id: number }).id === 1)).toHaveLength(1);
}

describe.skipIf(testDialect !== 'postgres')('PostgresBus (LISTEN/NOTIFY)', () => {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const channel = `appdesk_inv_bus_test_${process.pid}`;
  const pools: pg.Pool[] = [];
  const buses: InvalidationBus[] = [];
  let proxy: TcpProxy;
  afterAll(async () => {
    for (const b of buses) await b.close();
    for (const p of pools) await p.end();
    await proxy?.close();
  });

  it('reports down when the listener loses PostgreSQL, and up once it listens again', async () => {
    proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    const viaProxy = new URL(url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
    pools.push(pool);
    const listening = new PostgresBus(pool, { connectionString: viaProxy.toString(), connectionTimeoutMillis: 1000 }, channel, logger);
    // Another instance: its own process-wide origin is the same here, so publish raw NOTIFYs.
    const publishing: InvalidationBus = {
      publish: async (m) => {
        await pool.query('select pg_notify($1, $2)', [channel, JSON.stringify({ origin: 'other-instance', body: m })]);
      },
      subscribe: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    buses.push(listening);
    await loseAndRegain(listening, publishing, proxy);
  }, 360_000);
});

describe.skipIf(testDialect !== 'postgres')('PostgresBus publishing', () => {
  it('sends the messages of one turn with one statement, every one of them as its own notification', async () => {
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const channel = `appdesk_inv_bus_batch_${process.pid}`;
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    // Another instance, listening with a plain client: it hears every origin.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    const heard: unknown[] = [];
    other.on('notification', (n) => heard.push(JSON.parse(n.payload!).body));
    await other.query(`listen "${channel}"`);
    let statements = 0;
    const counted = new Proxy(pool, {
      get: (target, prop, receiver) =>
        prop === 'query'
          ? (...args: unknown[]) => {
              statements += 1;
              return (target.query as (...a: unknown[]) => unknown).apply(target, args);
            }
          : Reflect.get(target, prop, receiver),
    });
    const bus = new PostgresBus(counted, { connectionString: url }, channel, logger);
    try {
      const messages = Array.from({ length: 20 }, (_, id) => ({ kind: 'token', id }));
      await Promise.all(messages.map((m) => bus.publish(m)));
      expect(statements).toBe(1);
      await until(() => heard.length === 20);
      expect(heard.sort((a, b) => (a as { id: number }).id - (b as { id: number }).id)).toEqual(messages);

      await bus.publish({ kind: 'user', id: 99 });
      expect(statements).toBe(2);
      await until(() => heard.length === 21);
      expect(heard.at(-1)).toEqual({ kind: 'user', id: 99 });
    } finally {
      await bus.close();
      await other.end();
      await pool.end();
    }
    // The statement failing fails every publisher of its turn (the pool is closed now).
    const settled = await Promise.allSettled([bus.publish({ kind: 'user', id: 1 }), bus.publish({ kind: 'user', id: 2 })]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});

describe('RedisBus (pub/sub)', () => {
  const url = new URL(TEST_REDIS_URL);
  const channel = `appdesk-test:inv:${process.pid}`;
  let proxy: TcpProxy;
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await proxy?.close();
  });

  it('reports down when the subscriber loses Redis, and up once it is subscribed again', async () => {
    proxy = await startTcpProxy(url.hostname, Number(url.port || 6379));
    const viaProxy = new URL(url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const publisher = createRedis(url.toString(), logger, 'test-pub');
    const subscriber = createRedis(viaProxy.toString(), logger, 'test-sub');
    const listening = new RedisBus(publisher, subscriber, channel);
    closers.push(
      () => listening.close(),
      () => publisher.quit(),
    );
    const publishing: InvalidationBus = {
      publish: async (m) => {
        await publisher.publish(channel, JSON.stringify({ origin: 'other-instance', body: m }));
      },
      subscribe: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    await loseAndRegain(listening, publishing, proxy);
  }, 360_000);
});
