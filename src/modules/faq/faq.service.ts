/**
 * The help center. Client reads are served from a small response cache: FAQ lists are
 * read far more than written. Every write goes through this service and drops the app's
 * cached pages on this instance; other instances see a write within CACHE_TTL_MS.
 */
import type { Kysely, Updateable } from 'kysely';
import type { Database, FaqRow, FaqsTable } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { pageResult, type PageRequest, type PageResult } from '../../platform/pagination.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { isHttpUrl } from '../../platform/urls.js';
import type { AuditLog } from '../admin/audit-log.js';
import type { FaqFilter, FaqRepository } from './faq.repository.js';
import { toFaqView, type FaqView } from './faq.view.js';

const CACHE_TTL_MS = 5000;
const CACHE_MAX = 2000;

export interface FaqInput {
  title?: string | undefined;
  content?: string | undefined;
  category?: string | undefined;
  external_link?: string | undefined;
  sort?: number | undefined;
  is_published?: boolean | undefined;
}

export interface Actor {
  managerId: number;
  ip: string;
}

export class FaqService {
  private cache = new Map<string, { at: number; page: PageResult<FaqView> }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly faqs: FaqRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly time: TimeFormatter,
  ) {}

  async listPublished(appId: string, page: PageRequest, category?: string, q?: string): Promise<PageResult<FaqView>> {
    const key = `${appId}\u0000${category ?? '\u0001'}\u0000${q ?? ''}\u0000${page.pageNo}\u0000${page.pageSize}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CACHE_TTL_MS) return hit.page;
    const { total, rows } = await this.faqs.list({ appId, publishedOnly: true, category, q }, page);
    const result = pageResult(
      page,
      total,
      rows.map((r) => toFaqView(r, this.time)),
    );
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(key, { at: now, page: result });
    return result;
  }

  async getPublished(appId: string, id: number): Promise<FaqRow> {
    const row = await this.faqs.find(appId, id, true);
    if (!row) throw notFound('faq');
    return row;
  }

  list(filter: FaqFilter, page: PageRequest) {
    return this.faqs.list(filter, page);
  }

  async get(appId: string, id: number): Promise<FaqRow> {
    const row = await this.faqs.find(appId, id, false);
    if (!row) throw notFound('faq');
    return row;
  }

  private validate(input: FaqInput): void {
    if (input.title !== undefined && input.title.trim() === '') throw invalidField('title', 'must not be empty');
    if (input.content !== undefined && input.content.trim() === '') throw invalidField('content', 'must not be empty');
    if (input.external_link !== undefined && input.external_link !== '' && !isHttpUrl(input.external_link)) {
      throw invalidField('external_link', 'must be an http(s) URL');
    }
  }

  private invalidate(appId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${appId}\u0000`)) this.cache.delete(key);
  }

  async create(appId: string, input: FaqInput & { title: string; content: string }, actor: Actor): Promise<FaqRow> {
    this.validate(input);
    const now = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const created = await this.faqs.insert(trx, {
        app_id: appId,
        title: input.title.trim(),
        content: input.content,
        category: input.category ?? '',
        external_link: input.external_link ?? '',
        sort: input.sort ?? 0,
        is_published: input.is_published === false ? 0 : 1,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'faq.create',
        targetType: 'faq',
        targetId: created.id,
        detail: { title: created.title },
        ip: actor.ip,
      });
      return created;
    });
    this.invalidate(appId);
    return row;
  }

  async update(appId: string, id: number, input: FaqInput, actor: Actor): Promise<FaqRow> {
    this.validate(input);
    const set: Updateable<FaqsTable> = {};
    if (input.title !== undefined) set.title = input.title.trim();
    if (input.content !== undefined) set.content = input.content;
    if (input.category !== undefined) set.category = input.category;
    if (input.external_link !== undefined) set.external_link = input.external_link;
    if (input.sort !== undefined) set.sort = input.sort;
    if (input.is_published !== undefined) set.is_published = input.is_published ? 1 : 0;
    set.updated_at = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      const updated = await this.faqs.update(trx, appId, id, set);
      if (!updated) throw notFound('faq');
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'faq.update',
        targetType: 'faq',
        targetId: id,
        detail: { ...input },
        ip: actor.ip,
      });
      return updated;
    });
    this.invalidate(appId);
    return row;
  }

  async delete(appId: string, id: number, actor: Actor): Promise<void> {
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
    this.invalidate(appId);
  }
}
