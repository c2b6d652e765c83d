/** The `?` popover listing the inbox's keys. */
import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Popover, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const KEYS: { keys: string[]; label: string }[] = [
  { keys: ['J', '↓'], label: 'shortcuts.next' },
  { keys: ['K', '↑'], label: 'shortcuts.previous' },
  { keys: ['R'], label: 'shortcuts.reply' },
  { keys: ['Esc'], label: 'shortcuts.leave' },
  { keys: ['Ctrl/⌘', 'Enter'], label: 'shortcuts.send' },
  { keys: ['?'], label: 'shortcuts.help' },
];

export function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { t } = useTranslation('feedback');
  const content = (
    <table className="inbox__keys" data-testid="shortcuts-help">
      <tbody>
        {KEYS.map((k) => (
          <tr key={k.label}>
            <td>
              {k.keys.map((key, i) => (
                <span key={key}>
                  {i > 0 && (k.label === 'shortcuts.send' ? ' + ' : ' / ')}
                  <Typography.Text keyboard>{key}</Typography.Text>
                </span>
              ))}
            </td>
            <td>{t(k.label)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Popover title={t('shortcuts.title')} content={content} trigger="click" open={open} onOpenChange={onOpenChange} placement="bottomRight">
      <Button
        icon={<QuestionCircleOutlined />}
        aria-label={t('shortcuts.open')}
        title={t('shortcuts.open')}
        data-testid="shortcuts-button"
      />
    </Popover>
  );
}
