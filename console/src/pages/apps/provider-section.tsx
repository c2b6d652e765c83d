/** One provider's keys as form fields, named under `path`; secrets never echo what is typed. */
import { Form, Input, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import type { FieldSpec } from './provider-fields.ts';

const HTTP_URL = /^https?:\/\/\S+$/i;

export function ProviderSection({ path, fields }: { path: string[]; fields: Record<string, FieldSpec> }) {
  const { t } = useTranslation('apps');
  return (
    <>
      {Object.entries(fields).map(([key, spec]) => {
        const rules: Rule[] = [];
        if (spec.required) rules.push({ required: true, whitespace: true, message: t('required') });
        if (spec.max) rules.push({ max: spec.max, message: t('tooLong', { max: spec.max }) });
        // A URL whose credentials the server masked still reads as a URL.
        if (spec.kind === 'url') rules.push({ pattern: HTTP_URL, message: t('badUrl') });
        const name = [...path, key];
        const label = key;
        if (spec.kind === 'switch')
          return (
            <Form.Item key={key} name={name} label={label} valuePropName="checked">
              <Switch />
            </Form.Item>
          );
        const extra = spec.secret ? t('secretHint') : undefined;
        return (
          <Form.Item key={key} name={name} label={label} rules={rules} extra={extra}>
            {spec.kind === 'multiline' ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} spellCheck={false} className="mono" />
            ) : spec.secret ? (
              <Input.Password visibilityToggle={false} autoComplete="new-password" />
            ) : (
              <Input spellCheck={false} />
            )}
          </Form.Item>
        );
      })}
    </>
  );
}
