/** FAQ article shapes: the seed's client item, and the operator's with sort and publish flag. */
import { Type, type Static } from 'typebox';
import type { FaqRow } from '../../db/tables.js';
import { Timestamp } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';

export const FaqSchema = Type.Object({
  id: Type.Integer(),
  app_id: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  title: Type.String(),
  content: Type.String(),
  category: Type.String(),
  external_link: Type.String(),
});
export type FaqView = Static<typeof FaqSchema>;

export const AdminFaqSchema = Type.Object({ ...FaqSchema.properties, sort: Type.Integer(), is_published: Type.Boolean() });
export type AdminFaqView = Static<typeof AdminFaqSchema>;

export function toFaqView(f: FaqRow, time: TimeFormatter): FaqView {
  return {
    id: f.id,
    app_id: f.app_id,
    created_at: time.format(f.created_at),
    updated_at: time.format(f.updated_at),
    title: f.title,
    content: f.content,
    category: f.category,
    external_link: f.external_link,
  };
}

export function toAdminFaqView(f: FaqRow, time: TimeFormatter): AdminFaqView {
  return { ...toFaqView(f, time), sort: f.sort, is_published: f.is_published === 1 };
}
