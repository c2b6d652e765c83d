/** The compose form's values and the body POST /admin/api/push takes from them. */
import type { Dayjs } from 'dayjs';
import { rowsToExtras, type ExtrasRow } from './extras.ts';
import { PushScope } from './delivery.ts';
import { formatSendAt } from './send-at.ts';
import { splitTags } from './user-ids.ts';

/** Mirrors src/modules/admin/push.routes.ts. */
export const PUSH_LIMITS = { title: 255, body: 4000 } as const;

export interface ComposeValues {
  push_title: string;
  push_body?: string | undefined;
  push_scope: number;
  user_ids?: string[] | undefined;
  when: 'now' | 'later';
  send_at?: Dayjs | null | undefined;
  extras?: ExtrasRow[] | undefined;
}

export const BLANK_PUSH: ComposeValues = {
  push_title: '',
  push_body: '',
  push_scope: PushScope.AllUsers,
  user_ids: [],
  when: 'now',
  extras: [],
};

export function composeBody(v: ComposeValues) {
  const extras = rowsToExtras(v.extras);
  return {
    push_title: v.push_title.trim(),
    push_body: v.push_body ?? '',
    push_scope: v.push_scope as 0 | 1 | 2 | 3,
    ...(v.push_scope === PushScope.ListedUsers ? { user_ids: splitTags(v.user_ids ?? []).ids } : {}),
    ...(v.when === 'later' && v.send_at ? { send_at: formatSendAt(v.send_at) } : {}),
    ...(Object.keys(extras).length > 0 ? { extras } : {}),
  };
}
