/** The create/edit dialog of a category, validating as the server does before sending. */
import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiRow } from '../../api/client.ts';
import { categoryBody, checkDescription, checkName, DESCRIPTION_MAX, NAME_MAX } from './category-rules.ts';

export type Category = ApiRow<'/admin/api/feedback_category'>;
export type CategoryBody = ReturnType<typeof categoryBody>;

export function CategoryForm({
  editing,
  saving,
  onSave,
  onClose,
}: {
  /** The category edited, or 'new'. */
  editing: Category | 'new';
  saving: boolean;
  onSave: (body: CategoryBody) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation('feedbackCategories');
  const [form] = Form.useForm<{ name: string; description: string }>();
  const isNew = editing === 'new';

  async function submit() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await onSave(categoryBody(values));
      onClose();
    } catch {
      // The server's message is already shown; the dialog stays open for a correction.
    }
  }

  const problem = (check: (v: string | undefined) => string | null) => ({
    validator: async (_: unknown, v: string | undefined) => {
      const p = check(v);
      if (p) throw new Error(t(p, { max: p === 'nameTooLong' ? NAME_MAX : DESCRIPTION_MAX }));
    },
  });

  return (
    <Modal
      open
      title={t(isNew ? 'createTitle' : 'editTitle')}
      okText={t(isNew ? 'action.create' : 'action.save', { ns: 'common' })}
      cancelText={t('action.cancel', { ns: 'common' })}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="category-dialog"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={isNew ? { name: '', description: '' } : { name: editing.name, description: editing.description }}
        onFinish={() => void submit()}
      >
        <Form.Item name="name" label={t('name')} required rules={[problem(checkName)]}>
          <Input placeholder={t('namePlaceholder')} maxLength={NAME_MAX} showCount autoFocus />
        </Form.Item>
        <Form.Item name="description" label={t('description')} rules={[problem(checkDescription)]}>
          <Input.TextArea
            placeholder={t('descriptionPlaceholder')}
            maxLength={DESCRIPTION_MAX}
            showCount
            autoSize={{ minRows: 3, maxRows: 6 }}
          />
        </Form.Item>
        {/* Enter in the name field submits. */}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
