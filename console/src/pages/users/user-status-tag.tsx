import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

export function UserStatusTag({ active }: { active: boolean }) {
  const { t } = useTranslation('users');
  return active ? (
    <Tag color="green" data-testid="user-status">
      {t('active')}
    </Tag>
  ) : (
    <Tag color="red" data-testid="user-status">
      {t('disabled')}
    </Tag>
  );
}
