/**
 * Carries cache invalidations between instances: Redis pub/sub when REDIS_URL is set,
 * PostgreSQL LISTEN/NOTIFY on PostgreSQL without Redis, nothing for embedded SQLite (one
 * process). A listener that lost its connection may have missed messages, so it reports
 * `reset` on reconnecting and caches start over.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';

export interface InvalidationBus {
  publish(message: object): Promise<void>;
  /** `reset` is called when messages may have been missed. */
  subscribe(onMessage: (message: unknown) => void, onReset: () => void): Promise<void>;
  close(): Promise<void>;
}

export class LocalBus implements InvalidationBus {
  publish(): Promise<void> {
    return Promise.resolve();
  }
  subscribe(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const origin = randomUUID();

function decode(raw: string): unknown {
  try {
    const m = JSON.parse(raw) as { origin?: string; body?: unknown };
    return m.origin === origin ? undefined : m.body;
  } catch {
    return undefined;
  }
}

export class RedisBus implements InvalidationBus {
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {}

  async publish(message: object): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify({ origin, body: message }));
  }

  async subscribe(onMessage: (m: unknown) => void, onReset: () => void): Promise<void> {
    let connectedOnce = false;
    this.subscriber.on('ready', () => {
      if (connectedOnce) onReset();
      connectedOnce = true;
    });
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const body = decode(raw);
      if (body !== undefined) onMessage(body);
    });
    await this.subscriber.subscribe(this.channel);
    connectedOnce = true;
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => undefined);
  }
}

export class PostgresBus implements InvalidationBus {
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly clientConfig: pg.ClientConfig,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  async publish(message: object): Promise<void> {
    await this.pool.query('select pg_notify($1, $2)', [this.channel, JSON.stringify({ origin, body: message })]);
  }

  async subscribe(onMessage: (m: unknown) => void, onReset: () => void): Promise<void> {
    const connect = async (isReconnect: boolean): Promise<void> => {
      const client = new pg.Client(this.clientConfig);
      client.on('notification', (n) => {
        if (n.channel !== this.channel || !n.payload) return;
        const body = decode(n.payload);
        if (body !== undefined) onMessage(body);
      });
      const reconnect = () => {
        if (this.closed || this.client !== client) return;
        this.client = undefined;
        onReset();
        this.retry = setTimeout(() => void connect(true).catch(() => reconnect()), 1000);
        this.retry.unref();
      };
      client.on('error', (err) => {
        this.logger.warn({ err: err.message }, 'invalidation listener lost its connection');
        reconnect();
      });
      client.on('end', reconnect);
      this.client = client;
      await client.connect();
      await client.query(`listen "${this.channel}"`);
      if (isReconnect) onReset();
    };
    await connect(false);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
