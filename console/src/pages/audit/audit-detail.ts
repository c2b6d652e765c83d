/** An audit entry's detail as the expanded row shows it: before/after side by side when recorded so. */
export type DetailView =
  { kind: 'empty' } | { kind: 'diff'; before: unknown; after: unknown } | { kind: 'plain'; value: Record<string, unknown> };

export function detailView(detail: Record<string, unknown>): DetailView {
  // Keys left undefined when recorded (an update that did not touch them) are dropped by JSON.
  const keys = Object.keys(detail);
  if (keys.length === 0) return { kind: 'empty' };
  if ('before' in detail || 'after' in detail) return { kind: 'diff', before: detail.before ?? null, after: detail.after ?? null };
  return { kind: 'plain', value: detail };
}

/** The actions the server records (its audit.record calls), for the filter's suggestions. */
export const KNOWN_ACTIONS = [
  'app.create',
  'app.update',
  'faq.create',
  'faq.update',
  'faq.delete',
  'feedback.reply',
  'feedback.status',
  'feedback_category.create',
  'feedback_category.update',
  'feedback_category.delete',
  'manager.create',
  'manager.update',
  'manager.delete',
  'push.create',
  'push.cancel',
  'user.enable',
  'user.disable',
  'user.sessions_revoke',
] as const;

/** Tag colour of an action by its verb. */
export function actionColor(action: string): string {
  const verb = action.split('.').pop() ?? '';
  if (/delete|disable|cancel|revoke/.test(verb)) return 'red';
  if (/create|enable/.test(verb)) return 'green';
  return 'blue';
}
