/** The inbox's left pane: one row per feedback, waiting ones marked, the selected one lit. */
import { Empty, Flex, Pagination, Spin, Tag, theme, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiRow } from '../../api/client.ts';
import { categoryLabel, firstLine, localToday, shortTime, STATUS, statusLook } from './feedback-format.ts';

export type FeedbackRow = ApiRow<'/admin/api/feedback'>;

export interface InboxListProps {
  rows: FeedbackRow[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  filtered: boolean;
  selectedId: number | null;
  categories: ReadonlyMap<number, string>;
  onSelect: (id: number) => void;
  onPage: (page: number, pageSize: number) => void;
}

export function InboxList(props: InboxListProps) {
  const { rows, selectedId, loading } = props;
  const { t } = useTranslation('feedback');
  const listRef = useRef<HTMLDivElement>(null);

  // A row chosen by the keyboard may sit below the fold: bring it into view.
  useEffect(() => {
    if (selectedId === null) return;
    listRef.current?.querySelector(`[data-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId, rows]);

  return (
    <Flex vertical className="inbox__list-body">
      <Spin spinning={loading} classNames={{ root: 'inbox__list-spin' }}>
        <div ref={listRef} role="listbox" aria-label={t('list.label')} className="inbox__rows" data-testid="feedback-list">
          {rows.length === 0 && !loading ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(props.filtered ? 'list.empty' : 'list.emptyAll')} />
          ) : (
            rows.map((row) => (
              <InboxRow key={row.id} row={row} selected={row.id === selectedId} categories={props.categories} onSelect={props.onSelect} />
            ))
          )}
        </div>
      </Spin>
      {props.total > 0 && (
        <Pagination
          className="inbox__pagination"
          size="small"
          simple
          current={props.page}
          pageSize={props.pageSize}
          total={props.total}
          onChange={props.onPage}
        />
      )}
    </Flex>
  );
}

function InboxRow({
  row,
  selected,
  categories,
  onSelect,
}: {
  row: FeedbackRow;
  selected: boolean;
  categories: ReadonlyMap<number, string>;
  onSelect: (id: number) => void;
}) {
  const { t } = useTranslation('feedback');
  const { token } = theme.useToken();
  const waiting = row.feedback_status === STATUS.pending;
  const look = statusLook(row.feedback_status);
  const category = categoryLabel(row.feedback_category_id, categories);
  const who = row.user_id === null ? t('user.deleted') : t('user.id', { id: row.user_id });
  return (
    <div
      role="option"
      aria-selected={selected}
      tabIndex={-1}
      data-id={row.id}
      data-testid={`feedback-item-${row.id}`}
      className="inbox__row"
      onClick={() => onSelect(row.id)}
      style={{
        background: selected ? token.controlItemBgActive : undefined,
        borderInlineStart: `3px solid ${waiting ? token.colorWarning : 'transparent'}`,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
      }}
    >
      <Flex justify="space-between" align="baseline" gap={8}>
        <Typography.Text ellipsis>
          <Typography.Text strong={waiting} type={row.user_id === null ? 'secondary' : undefined}>
            {who}
          </Typography.Text>
          <Typography.Text type="secondary" className="inbox__row-category">
            {' · '}
            {category.kind === 'named'
              ? category.name
              : category.kind === 'none'
                ? t('category.none')
                : t('category.deleted', { id: category.id })}
          </Typography.Text>
        </Typography.Text>
        <Typography.Text type="secondary" className="inbox__row-time" title={row.created_at}>
          {shortTime(row.created_at, localToday())}
        </Typography.Text>
      </Flex>
      <Typography.Paragraph ellipsis={{ rows: 2 }} strong={waiting} className="inbox__row-text">
        {firstLine(row.feedback_content, 140)}
      </Typography.Paragraph>
      <Flex gap={6} align="center">
        <Tag color={look.color} variant="filled">
          {t(look.key)}
        </Tag>
        {row.contact_phone && (
          <Typography.Text type="secondary" className="inbox__row-contact">
            {row.contact_phone}
          </Typography.Text>
        )}
      </Flex>
    </div>
  );
}
