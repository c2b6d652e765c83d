/** The list's sort order, edited in place: Enter or leaving the field saves a changed value. */
import { InputNumber, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FAQ_LIMITS } from './faq-form.ts';

export function SortCell({ value, title, onSave }: { value: number; title: string; onSave: (sort: number) => void }) {
  const { t } = useTranslation('faq');
  const [draft, setDraft] = useState<number | null>(value);
  const [seen, setSeen] = useState(value);
  // A refetch after a save (or someone else's edit) replaces the draft.
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const commit = () => {
    if (draft === null) setDraft(value);
    else if (draft !== value) onSave(draft);
  };
  return (
    <Tooltip title={t('sortHint')} mouseEnterDelay={0.6}>
      <InputNumber
        size="small"
        aria-label={`${t('col.sort')}: ${title}`}
        value={draft}
        min={FAQ_LIMITS.sortMin}
        max={FAQ_LIMITS.sortMax}
        precision={0}
        style={{ width: 88 }}
        onChange={(v) => setDraft(v)}
        onPressEnter={commit}
        onBlur={commit}
      />
    </Tooltip>
  );
}
