/** `extras` as rows of key and value, with the JSON size the server will measure. */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { duplicateKeys, extrasBytes, MAX_EXTRAS_BYTES, rowsToExtras, type ExtrasRow } from './extras.ts';

export function ExtrasEditor({ rows }: { rows: ExtrasRow[] | undefined }) {
  const { t } = useTranslation('push');
  const bytes = extrasBytes(rowsToExtras(rows));
  return (
    <Form.List
      name="extras"
      rules={[
        {
          validator: async (_, value: ExtrasRow[] | undefined) => {
            const dup = duplicateKeys(value);
            if (dup.length > 0) throw new Error(t('rule.extrasDuplicate', { keys: dup.join(', ') }));
            const n = extrasBytes(rowsToExtras(value));
            if (n > MAX_EXTRAS_BYTES) throw new Error(t('rule.extrasBytes', { bytes: n, max: MAX_EXTRAS_BYTES }));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Flex vertical gap={8}>
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} align="start">
              <Form.Item name={[field.name, 'key']} noStyle>
                <Input
                  placeholder={t('field.key')}
                  aria-label={`${t('field.key')} ${i + 1}`}
                  maxLength={MAX_EXTRAS_BYTES}
                  style={{ flex: '0 0 38%' }}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'value']} noStyle>
                <Input
                  placeholder={t('field.value')}
                  aria-label={`${t('field.value')} ${i + 1}`}
                  maxLength={MAX_EXTRAS_BYTES}
                  style={{ flex: 1 }}
                />
              </Form.Item>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={`${t('common:action.delete')} ${i + 1}`}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })}>
              {t('field.addExtra')}
            </Button>
            <Typography.Text type={bytes > MAX_EXTRAS_BYTES ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="extras-bytes">
              {t('field.bytes', { bytes, max: MAX_EXTRAS_BYTES })}
            </Typography.Text>
          </Flex>
          <Form.ErrorList errors={errors} />
        </Flex>
      )}
    </Form.List>
  );
}
