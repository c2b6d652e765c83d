/**
 * The help center. Every read and write of FAQ articles goes through this service, and every
 * write ends in changed(appId): the one place a response cache of the client reads is kept
 * coherent (see faq.cache.ts), here and, through the invalidation bus, on other instances.
 */
import type { Kysely, Updateable } from 'kysely';
import type { Database, FaqRow, FaqsTable } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { LocalBus, type BusListener, type InvalidationBus } from '../../platform/invalidation-bus.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { isRowId } from '../../platform/ids.js';
import { pageResult, type PageRequest, type PageResult } from '../../platform/pagination.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { isHttpUrl } from '../../platform/urls.js';
import type { Actor, AuditLog } from '../../platform/audit-log.js';
import { FaqPageCache } from './faq.cache.js';
import type { FaqRepository } from './faq.repository.js';
import { toFaqView, type FaqView } from './faq.view.js';

export interface FaqInput {
  title?: string | undefined;
  content?: string | undefined;
  category?: string | undefined;
  external_link?: string | undefined;
  sort?: number | undefined;
  is_published?: boolean | undefined;
}

export interface FaqQuery {
  category?: string | undefined;
  q?: string | undefined;
}

/** An empty filter value (`?category=`, `?q=  `) means "no filter", as an empty form field does. */
function normalizeQuery(query: FaqQuery): { category: string | undefined; q: string | undefined } {
  const category = query.category?.trim();
  const q = query.q?.trim();
  return { category: category === '' ? undefined : category, q: q === '' ? undefined : q };
}

/** An FAQ write on another instance: one app's pages, or every app's (app_id null). */
interface FaqInvalidation {
  kind: 'faq';
  app_id: string | null;
}

function isFaqInvalidation(m: unknown): m is FaqInvalidation {
  if (typeof m !== 'object' || m === null) return false;
  const { kind, app_id } = m as { kind?: unknown; app_id?: unknown };
  return kind === 'faq' && (app_id === null || typeof app_id === 'string');
}

export class FaqService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly faqs: FaqRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly time: TimeFormatter,
    private readonly bus: InvalidationBus = new LocalBus(),
    private readonly cache = new FaqPageCache(clock),
  ) {}

  // Client reads (published only)

  /** The page when it is cached (answered without a promise), else a promise of it. */
  listPublished(appId: string, page: PageRequest, query: FaqQuery = {}): PageResult<FaqView> | Promise<PageResult<FaqView>> {
    const { category, q } = normalizeQuery(query);
    // Searches are not cached: their keys are unbounded and rarely repeat.
    if (q !== undefined) return this.queryPublished(appId, page, category, q);
    // Unambiguous: the numbers cannot hold a colon, and an empty category is undefined.
    const key = `${page.pageNo}:${page.pageSize}:${category ?? ''}`;
    return this.cache.get(appId, key) ?? this.readAndCache(appId, page, category, key);
  }

  private async readAndCache(appId: string, page: PageRequest, category: string | undefined, key: string): Promise<PageResult<FaqView>> {
    // Taken before the query: a write that commits meanwhile makes this answer unstorable.
    const ticket = this.cache.ticket(appId);
    const result = await this.queryPublished(appId, page, category, undefined);
    this.cache.set(ticket, key, result);
    return result;
  }

  private async queryPublished(appId: string, page: PageRequest, category?: string, q?: string): Promise<PageResult<FaqView>> {
    const { total, rows } = await this.faqs.list({ appId, publishedOnly: true, category, q }, page);
    return pageResult(
      page,
      total,
      rows.map((r) => toFaqView(r, this.time)),
    );
  }

  async getPublished(appId: string, id: number): Promise<FaqRow> {
    const row = isRowId(id) ? await this.faqs.find(appId, id, true) : undefined;
    if (!row) throw notFound('faq');
    return row;
  }

  // Operator reads (published or not)

  async list(appId: string, page: PageRequest, query: FaqQuery = {}): Promise<PageResult<FaqRow>> {
    const { category, q } = normalizeQuery(query);
    const { total, rows } = await this.faqs.list({ appId, publishedOnly: false, category, q }, page);
    return pageResult(page, total, rows);
  }

  async get(appId: string, id: number): Promise<FaqRow> {
    const row = isRowId(id) ? await this.faqs.find(appId, id, false) : undefined;
    if (!row) throw notFound('faq');
    return row;
  }

  // Operator writes: each one audited in its transaction, each one ending in changed().

  async create(appId: string, input: FaqInput & { title: string; content: string }, actor: Actor): Promise<FaqRow> {
    const fields = this.validated(input);
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const created = await this.faqs.insert(trx, {
        app_id: appId,
        title: fields.title ?? input.title,
        content: fields.content ?? input.content,
        category: fields.category ?? '',
        external_link: fields.external_link ?? '',
        sort: fields.sort ?? 0,
        is_published: fields.is_published ?? 1,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'faq.create',
        targetType: 'faq',
        targetId: created.id,
        detail: auditDetail(fields),
        ip: actor.ip,
      });
      return created;
    });
    this.changed(appId);
    return row;
  }

  /** Partial update: only the fields given change. */
  async update(appId: string, id: number, input: FaqInput, actor: Actor): Promise<FaqRow> {
    const fields = this.validated(input);
    if (!isRowId(id)) throw notFound('faq');
    const row = await this.db.transaction().execute(async (trx) => {
      const updated = await this.faqs.update(trx, appId, id, { ...fields, updated_at: this.clock.now() });
      if (!updated) throw notFound('faq');
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'faq.update',
        targetType: 'faq',
        targetId: id,
        detail: auditDetail(fields),
        ip: actor.ip,
      });
      return updated;
    });
    this.changed(appId);
    return row;
  }

  async delete(appId: string, id: number, actor: Actor): Promise<void> {
    if (!isRowId(id)) throw notFound('faq');
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.faqs.delete(trx, appId, id))) throw notFound('faq');
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'faq.delete',
        targetType: 'faq',
        targetId: id,
        ip: actor.ip,
      });
    });
    this.changed(appId);
  }

  /**
   * The single invalidation point: called after every committed FAQ write of `appId`. Other
   * instances hear it over the bus; when the bus cannot carry it, their pages still expire
   * within the cache's TTL, as before there was a bus.
   */
  changed(appId?: string): void {
    this.cache.invalidate(appId);
    this.bus.publish({ kind: 'faq', app_id: appId ?? null } satisfies FaqInvalidation).catch(() => undefined);
  }

  /** What the page cache does with other instances' writes (container.ts subscribes it). */
  busListener(): BusListener {
    return {
      message: (message) => {
        if (isFaqInvalidation(message)) this.cache.invalidate(message.app_id ?? undefined);
      },
      // While down, pages expire by their TTL; on the way up, whatever was missed is dropped.
      down: () => undefined,
      up: () => this.cache.invalidate(),
    };
  }

  /** Checks the given fields and answers them as stored (trimmed, flags as 0/1). */
  private validated(input: FaqInput): Updateable<FaqsTable> {
    const out: Updateable<FaqsTable> = {};
    if (input.title !== undefined) {
      out.title = input.title.trim();
      if (out.title === '') throw invalidField('title', 'must not be empty');
    }
    if (input.content !== undefined) {
      if (input.content.trim() === '') throw invalidField('content', 'must not be empty');
      out.content = input.content;
    }
    if (input.category !== undefined) out.category = input.category.trim();
    if (input.external_link !== undefined) {
      out.external_link = input.external_link.trim();
      if (out.external_link !== '' && !isHttpUrl(out.external_link)) throw invalidField('external_link', 'must be an http(s) URL');
    }
    if (input.sort !== undefined) out.sort = input.sort;
    if (input.is_published !== undefined) out.is_published = input.is_published ? 1 : 0;
    return out;
  }
}

/** What an audit entry keeps of a write: every field but the (long) content, which is summarised. */
function auditDetail(fields: Updateable<FaqsTable>): Record<string, unknown> {
  const { content, ...rest } = fields;
  return content === undefined ? rest : { ...rest, content_length: String(content).length };
}
