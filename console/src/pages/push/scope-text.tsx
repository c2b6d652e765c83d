/** Who a push is addressed to, in words (with the count of listed users). */
import { useTranslation } from 'react-i18next';
import { PushScope } from './delivery.ts';

export function ScopeText({ push }: { push: { push_scope: number; user_ids: number[] } }) {
  const { t } = useTranslation('push');
  if (push.push_scope === PushScope.ListedUsers) return <>{t('scopeCount', { count: push.user_ids.length })}</>;
  return <>{t(`scope.${push.push_scope}`, { defaultValue: String(push.push_scope) })}</>;
}
