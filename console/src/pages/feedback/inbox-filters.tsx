/** Status, category and text filters above the inbox list. */
import { Flex, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { STATUSES, statusLook } from './feedback-format.ts';
import type { InboxFilters as Filters } from './inbox-params.ts';

export function InboxFilters({
  filters,
  categories,
  onChange,
}: {
  filters: Filters;
  categories: ReadonlyMap<number, string>;
  onChange: (next: Partial<Filters>) => void;
}) {
  const { t } = useTranslation('feedback');

  return (
    <Flex vertical gap={8} className="inbox__filters">
      <Input.Search
        aria-label={t('filter.search')}
        placeholder={t('filter.search')}
        allowClear
        maxLength={100}
        // The box keeps what is being typed and the list follows on Enter (one request, not
        // one a key); a search changed elsewhere (back, a link) starts the box afresh.
        key={filters.q}
        defaultValue={filters.q}
        onSearch={(q) => onChange({ q: q.trim(), page: 1 })}
        data-testid="feedback-search"
      />
      <Flex gap={8}>
        <Select
          aria-label={t('filter.status')}
          data-testid="status-filter"
          className="inbox__filter"
          value={filters.status}
          onChange={(status: string) => onChange({ status, page: 1 })}
          options={[
            { value: '', label: t('filter.anyStatus') },
            ...STATUSES.map((s) => ({ value: String(s), label: t(statusLook(s).key) })),
          ]}
        />
        <Select
          aria-label={t('filter.category')}
          data-testid="category-filter"
          className="inbox__filter"
          value={filters.category}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(category: string) => onChange({ category, page: 1 })}
          options={[
            { value: '', label: t('filter.anyCategory') },
            { value: '0', label: t('filter.noCategory') },
            ...[...categories].map(([id, name]) => ({ value: String(id), label: name })),
          ]}
        />
      </Flex>
    </Flex>
  );
}
