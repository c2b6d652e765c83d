/**
 * The push domain's vocabulary, shared by the client and admin routes, the inbox and the
 * delivery worker: statuses, scopes, client types and the decoding of stored columns.
 */
import { parseJson } from '../../platform/json.js';

export const PushStatus = { Pending: 0, Sent: 1, Failed: 2, Canceled: 3 } as const;
export type PushStatus = (typeof PushStatus)[keyof typeof PushStatus];

/** Who a message is addressed to. */
export const PushScope = { AllUsers: 0, AndroidUsers: 1, IosUsers: 2, ListedUsers: 3 } as const;
export type PushScope = (typeof PushScope)[keyof typeof PushScope];

export type ClientType = 'android' | 'ios';
export const CLIENT_TYPES: readonly ClientType[] = ['android', 'ios'];

/** The client types a scope reaches. */
export function scopeClientTypes(scope: number): ClientType[] {
  if (scope === PushScope.AndroidUsers) return ['android'];
  if (scope === PushScope.IosUsers) return ['ios'];
  return [...CLIENT_TYPES];
}

/** push_messages.user_ids: a JSON array of positive ids; anything else reads as none. */
export function parseUserIds(json: string): number[] {
  const v = parseJson(json);
  return Array.isArray(v) ? v.filter((x): x is number => Number.isSafeInteger(x) && (x as number) > 0) : [];
}

/** Most bytes `extras` may take as JSON (SPEC section 8): providers cap their custom data near this. */
export const MAX_EXTRAS_BYTES = 2048;

/** Stored extras back as an object of strings; anything else stored reads as none. */
export function parseExtras(json: string): Record<string, string> {
  const v = parseJson(json);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
