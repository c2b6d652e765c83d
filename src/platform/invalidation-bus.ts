/**
 * Carries cache invalidations between instances: Redis pub/sub when REDIS_URL is set,
 * PostgreSQL LISTEN/NOTIFY on PostgreSQL without Redis, nothing for embedded SQLite (one
 * process). A listener that lost its connection may miss messages, so it reports `down`
 * at once (caches stop serving) and `up` once it listens again (caches start over empty).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { loadPg } from '../db/database.js';
import type { Logger } from 'pino';

export interface BusListener {
  message(message: unknown): void;
  /** Messages may be missed from now on: caches must stop serving what they hold. */
  down(): void;
  /** Listening again: caches may fill anew (they start empty, as messages were missed). */
  up(): void;
}

export interface InvalidationBus {
  publish(message: object): Promise<void>;
  subscribe(listener: BusListener): Promise<void>;
  close(): Promise<void>;
}

/** One subscription for several caches: each bus carries one listener. */
export class BusListeners implements BusListener {
  private readonly listeners: BusListener[] = [];

  add(listener: BusListener): this {
    this.listeners.push(listener);
    return this;
  }
  message(message: unknown): void {
    for (const l of this.listeners) l.message(message);
  }
  down(): void {
    for (const l of this.listeners) l.down();
  }
  up(): void {
    for (const l of this.listeners) l.up();
  }
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

  async subscribe(listener: BusListener): Promise<void> {
    let listening = false;
    const lost = () => {
      if (!listening) return;
      listening = false;
      listener.down();
    };
    this.subscriber.on('close', lost);
    this.subscriber.on('end', lost);
    // ioredis re-subscribes by itself after a reconnect; confirming the subscription first
    // means no message published after up() can be missed.
    this.subscriber.on('ready', () => {
      if (listening) return;
      this.subscriber.subscribe(this.channel).then(
        () => {
          listening = true;
          listener.up();
        },
        () => undefined, // lost again: the next 'ready' tries again
      );
    });
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const body = decode(raw);
      if (body !== undefined) listener.message(body);
    });
    await this.subscriber.subscribe(this.channel);
    listening = true;
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => undefined);
  }
}

const MIN_RETRY_MS = 200;
const MAX_RETRY_MS = 5000;

interface Publishing {
  payload: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * LISTEN on a connection of its own; lost, it reconnects with backoff until closed. The
 * messages published in one event-loop turn go out with one statement (a NOTIFY each): a
 * busy server publishes one per refresh, and each alone was a round trip and a statement.
 */
export class PostgresBus implements InvalidationBus {
  private publishing: Publishing[] = [];
  private client: pg.Client | undefined;
  private listener: BusListener | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private retryMs = MIN_RETRY_MS;

  constructor(
    private readonly pool: pg.Pool,
    private readonly clientConfig: pg.ClientConfig,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  publish(message: object): Promise<void> {
    if (this.publishing.length === 0) setImmediate(() => this.flush());
    return new Promise<void>((resolve, reject) =>
      this.publishing.push({ payload: JSON.stringify({ origin, body: message }), resolve, reject }),
    );
  }

  private flush(): void {
    const batch = this.publishing;
    this.publishing = [];
    const sent =
      batch.length === 1
        ? this.pool.query('select pg_notify($1, $2)', [this.channel, batch[0]!.payload])
        : this.pool.query('select pg_notify($1, p) from unnest($2::text[]) as p', [this.channel, batch.map((b) => b.payload)]);
    sent.then(
      () => batch.forEach((b) => b.resolve()),
      (err: unknown) => batch.forEach((b) => b.reject(err)),
    );
  }

  /** Resolves after the first attempt; a failed one leaves caches off and keeps retrying. */
  async subscribe(listener: BusListener): Promise<void> {
    this.listener = listener;
    await this.connect().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const listener = this.listener;
    if (this.closed || !listener) return;
    const client = new (loadPg().Client)(this.clientConfig);
    client.on('notification', (n) => {
      if (n.channel !== this.channel || !n.payload) return;
      const body = decode(n.payload);
      if (body !== undefined) listener.message(body);
    });
    client.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'invalidation listener lost its connection');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen "${this.channel}"`);
    } catch (err) {
      this.lost(client);
      void client.end().catch(() => undefined);
      throw err;
    }
    if (this.client !== client) return; // lost while connecting: lost() already retries
    this.retryMs = MIN_RETRY_MS;
    listener.up();
  }

  private lost(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.listener?.down();
    this.retry = setTimeout(() => void this.connect().catch(() => undefined), this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
