/** Create or edit a manager: username and password on creation, role and apps always. */
import { Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call, type ApiRow } from '../../api/client.ts';
import { useAppQuery } from '../../shared/app-query.ts';

type Manager = ApiRow<'/admin/api/managers'>;

/** The server's password policy: PASSWORD_MIN_LENGTH (8 unless configured) to 128. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export interface ManagerFormValues {
  username: string;
  password?: string;
  role: 'super' | 'operator';
  app_ids: string[];
}

interface Props {
  open: boolean;
  editing: Manager | null;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (values: ManagerFormValues) => void;
}

export function ManagerForm({ open, editing, busy, onCancel, onSubmit }: Props) {
  const { t } = useTranslation('managers');
  const { t: tc } = useTranslation();
  const [form] = Form.useForm<ManagerFormValues>();
  const role = Form.useWatch('role', form);
  const apps = useAppQuery(['apps', 'options'], () => call(api.GET('/admin/api/apps', { params: { query: { page_size: '100' } } })), {
    enabled: open,
  });
  const appOptions = (apps.data?.data ?? []).map((a) => ({
    value: a.app_id,
    label: a.app_id ? `${a.name} (${a.app_id})` : tc('shell.defaultApp'),
  }));
  const password = [{ min: PASSWORD_MIN, max: PASSWORD_MAX, message: t('passwordLength', { min: PASSWORD_MIN, max: PASSWORD_MAX }) }];

  return (
    <Modal
      title={editing ? t('edit', { username: editing.username }) : t('create')}
      open={open}
      onCancel={onCancel}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing ? { username: editing.username, role: editing.role, app_ids: editing.app_ids } : { role: 'operator', app_ids: [] }
        }
        onFinish={onSubmit}
      >
        <Form.Item
          name="username"
          label={t('username')}
          rules={[
            { required: true, whitespace: true, message: t('required') },
            { max: 64, message: t('tooLong', { max: 64 }) },
          ]}
        >
          <Input disabled={!!editing} autoComplete="off" autoFocus={!editing} />
        </Form.Item>
        <Form.Item
          name="password"
          label={editing ? t('newPassword') : t('password')}
          extra={editing ? t('newPasswordHint') : undefined}
          rules={editing ? password : [{ required: true, message: t('required') }, ...password]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('role')} extra={t('roleHint')}>
          <Select
            aria-label={t('role')}
            options={[
              { value: 'operator', label: tc('shell.role.operator') },
              { value: 'super', label: tc('shell.role.super') },
            ]}
          />
        </Form.Item>
        {role !== 'super' && (
          <Form.Item name="app_ids" label={t('apps')} extra={t('appsHint')}>
            <Select mode="multiple" aria-label={t('apps')} options={appOptions} loading={apps.isLoading} optionFilterProp="label" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
