/** Push shapes: a device binding, an inbox message (client), a push message (operator). */
import { Type, type Static } from 'typebox';
import type { PushBindingRow, PushMessageRow } from '../../db/tables.js';
import { parseExtras, parseUserIds } from './push.model.js';
import { Timestamp } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';

export const BindingSchema = Type.Object({
  id: Type.Integer(),
  app_id: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  user_id: Type.Integer(),
  client_id: Type.String(),
  client_type: Type.String(),
  switch: Type.Boolean(),
});

export const InboxMessageSchema = Type.Object({
  id: Type.Integer(),
  app_id: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  push_title: Type.String(),
  push_body: Type.String(),
  push_scope: Type.Integer(),
  manager_id: Type.Integer(),
  push_status: Type.Integer(),
});

export const PushMessageSchema = Type.Object({
  ...InboxMessageSchema.properties,
  user_ids: Type.Array(Type.Integer()),
  send_at: Type.String({ description: 'YYYY-MM-DD HH:mm:ss, or "" for at once' }),
  targeted: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
  skipped: Type.Integer(),
  extras: Type.Record(Type.String(), Type.String()),
});

export function toBindingView(b: PushBindingRow, time: TimeFormatter): Static<typeof BindingSchema> {
  return {
    id: b.id,
    app_id: b.app_id,
    created_at: time.format(b.created_at),
    updated_at: time.format(b.updated_at),
    user_id: b.user_id,
    client_id: b.client_id,
    client_type: b.client_type,
    switch: b.switch === 1,
  };
}

export function toInboxView(m: PushMessageRow, time: TimeFormatter): Static<typeof InboxMessageSchema> {
  return {
    id: m.id,
    app_id: m.app_id,
    created_at: time.format(m.created_at),
    updated_at: time.format(m.updated_at),
    push_title: m.push_title,
    push_body: m.push_body,
    push_scope: m.push_scope,
    manager_id: m.manager_id,
    push_status: m.push_status,
  };
}

export function toPushMessageView(m: PushMessageRow, time: TimeFormatter): Static<typeof PushMessageSchema> {
  return {
    ...toInboxView(m, time),
    user_ids: parseUserIds(m.user_ids),
    send_at: time.formatNullable(m.send_at),
    targeted: m.targeted,
    sent: m.sent,
    failed: m.failed,
    skipped: m.skipped,
    extras: parseExtras(m.extras),
  };
}
