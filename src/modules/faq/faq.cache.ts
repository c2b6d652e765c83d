/**
 * Client FAQ list pages, kept per app so that the most read list of the API costs no query.
 *
 * Coherent on this instance: every write ends in invalidate(appId) after its commit, which
 * bumps the app's generation. An entry is served only while its generation is current, and
 * a read stores its answer only if no invalidation happened since it took its ticket (before
 * querying), so an answer computed from pre-write rows is never stored after the write.
 *
 * Across instances, FaqService relays writes over the invalidation bus to the others'
 * invalidate(). An entry still lives at most `ttlMs`, which bounds how stale an instance can
 * be when a message is lost (bus down) or the database is changed behind the service.
 */
import type { Clock } from '../../platform/clock.js';
import type { PageResult } from '../../platform/pagination.js';
import type { FaqView } from './faq.view.js';

const TTL_MS = 5000;
const MAX_ENTRIES = 1000;

export interface CacheTicket {
  appId: string;
  epoch: number;
  generation: number;
}

interface Entry {
  epoch: number;
  generation: number;
  storedAt: number;
  page: PageResult<FaqView>;
}

export class FaqPageCache {
  /** Bumped by invalidate() without an app: every entry and ticket goes stale. */
  private epoch = 0;
  private readonly generations = new Map<string, number>();
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = TTL_MS,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  get(appId: string, key: string): PageResult<FaqView> | undefined {
    const id = `${appId}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.epoch === this.epoch && entry.generation === this.generationOf(appId) && this.clock.now() - entry.storedAt < this.ttlMs) {
      return entry.page;
    }
    this.entries.delete(id);
    return undefined;
  }

  /** Taken before reading the database; set() refuses answers older than a later invalidation. */
  ticket(appId: string): CacheTicket {
    return { appId, epoch: this.epoch, generation: this.generationOf(appId) };
  }

  set(ticket: CacheTicket, key: string, page: PageResult<FaqView>): void {
    if (ticket.epoch !== this.epoch || ticket.generation !== this.generationOf(ticket.appId)) return;
    if (this.entries.size >= this.maxEntries) {
      // Oldest first (Map keeps insertion order): a flood of rare keys cannot grow memory.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(`${ticket.appId}\u0000${key}`, {
      epoch: ticket.epoch,
      generation: ticket.generation,
      storedAt: this.clock.now(),
      page,
    });
  }

  /** Drops `appId`'s pages, or every app's when none is given. */
  invalidate(appId?: string): void {
    if (appId === undefined) {
      this.epoch += 1;
      this.entries.clear();
      return;
    }
    this.generations.set(appId, this.generationOf(appId) + 1);
    for (const id of this.entries.keys()) if (id.startsWith(`${appId}\u0000`)) this.entries.delete(id);
  }

  private generationOf(appId: string): number {
    return this.generations.get(appId) ?? 0;
  }
}
