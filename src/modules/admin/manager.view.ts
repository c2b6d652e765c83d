/** The manager object of SPEC section 4. */
import { Type, type Static } from 'typebox';
import type { ManagerRow } from '../../db/tables.js';
import { Timestamp } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { decodeStringArray } from '../../db/json-column.js';

export const ManagerSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: Type.String({ enum: ['super', 'operator'] }),
  app_ids: Type.Array(Type.String()),
  totp_enabled: Type.Boolean({ description: 'two-factor sign-in (TOTP) is on' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ManagerView = Static<typeof ManagerSchema>;

export function toManagerView(m: ManagerRow, time: TimeFormatter): ManagerView {
  return {
    id: m.id,
    username: m.username,
    role: m.role,
    app_ids: decodeStringArray(m.app_ids),
    totp_enabled: m.totp_enabled === 1,
    created_at: time.format(m.created_at),
    updated_at: time.format(m.updated_at),
  };
}
