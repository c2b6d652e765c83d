/**
 * Feedback categories: users pick one when sending feedback, operators manage them. Deleting
 * a category leaves the feedback filed under it untouched (its id stays, as history); new
 * feedback can no longer choose it.
 */
import type { Kysely } from 'kysely';
import type { Database, FeedbackCategoryRow } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { isRowId } from '../../platform/ids.js';
import { pageResult, type PageRequest, type PageResult } from '../../platform/pagination.js';
import type { AuditLog } from '../../platform/audit-log.js';
import type { Actor } from '../../platform/audit-log.js';
import type { FeedbackCategoryRepository } from './feedback-category.repository.js';

export interface CategoryInput {
  name?: string | undefined;
  description?: string | undefined;
}

export class FeedbackCategoryService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly categories: FeedbackCategoryRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(appId: string, page: PageRequest): Promise<PageResult<FeedbackCategoryRow>> {
    const { total, rows } = await this.categories.list(appId, page);
    return pageResult(page, total, rows);
  }

  /** Whether `id` names a category of `appId`. */
  async exists(appId: string, id: number): Promise<boolean> {
    return isRowId(id) && (await this.categories.find(appId, id)) !== undefined;
  }

  async create(appId: string, input: CategoryInput & { name: string }, actor: Actor): Promise<FeedbackCategoryRow> {
    const fields = validated(input);
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await this.categories.insert(trx, {
        app_id: appId,
        name: fields.name ?? input.name,
        description: fields.description ?? '',
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback_category.create',
        targetType: 'feedback_category',
        targetId: row.id,
        detail: fields,
        ip: actor.ip,
      });
      return row;
    });
  }

  /** Partial update: only the fields given change. */
  async update(appId: string, id: number, input: CategoryInput, actor: Actor): Promise<FeedbackCategoryRow> {
    const fields = validated(input);
    if (!isRowId(id)) throw notFound('feedback category');
    return this.db.transaction().execute(async (trx) => {
      const row = await this.categories.update(trx, appId, id, { ...fields, updated_at: this.clock.now() });
      if (!row) throw notFound('feedback category');
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback_category.update',
        targetType: 'feedback_category',
        targetId: id,
        detail: fields,
        ip: actor.ip,
      });
      return row;
    });
  }

  async delete(appId: string, id: number, actor: Actor): Promise<void> {
    if (!isRowId(id)) throw notFound('feedback category');
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.categories.delete(trx, appId, id))) throw notFound('feedback category');
      await this.audit.record(trx, {
        appId,
        managerId: actor.managerId,
        action: 'feedback_category.delete',
        targetType: 'feedback_category',
        targetId: id,
        ip: actor.ip,
      });
    });
  }
}

/** The given fields as stored: trimmed, a name never blank. */
function validated(input: CategoryInput): { name?: string; description?: string } {
  const out: { name?: string; description?: string } = {};
  if (input.name !== undefined) {
    out.name = input.name.trim();
    if (out.name === '') throw invalidField('name', 'must not be empty');
  }
  if (input.description !== undefined) out.description = input.description.trim();
  return out;
}
