/**
 * The feedback inbox (/feedback, /feedback/:id): the list on the left, the selected feedback
 * as a conversation on the right; stacked on tablets. Filters are in the query string and
 * the selection in the path, so a reload opens the same view.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData } from '@tanstack/react-query';
import { Badge, Button, Empty, Flex, Space, theme, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client.ts';
import { registerMessages } from '../../i18n/index.ts';
import { useAppQuery } from '../../shared/app-query.ts';
import { PageHeader } from '../../shared/page-header.tsx';
import { Conversation } from './conversation.tsx';
import { InboxFilters } from './inbox-filters.tsx';
import { InboxList } from './inbox-list.tsx';
import { inboxQuery, readFilters, writeFilters, type InboxFilters as Filters } from './inbox-params.ts';
import { messages } from './messages.ts';
import type { TextAreaRef } from './reply-box.tsx';
import { move, pickOnPage } from './shortcuts.ts';
import { ShortcutsHelp } from './shortcuts-help.tsx';
import { useInboxKeys } from './use-inbox-keys.ts';
import { useWide } from './use-wide.ts';
import './inbox.css';

registerMessages('feedback', messages);

function parseId(raw: string | undefined): number | null {
  return raw !== undefined && /^[0-9]{1,15}$/.test(raw) ? Number(raw) : null;
}

export default function InboxPage() {
  const { t } = useTranslation('feedback');
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const location = useLocation();
  const selectedId = parseId(useParams().id);
  const filters = useMemo(() => readFilters(new URLSearchParams(location.search)), [location.search]);
  const wide = useWide();
  const replyRef = useRef<TextAreaRef>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  // A page turned by j/k opens on its first or last row once that page has arrived.
  const pendingPick = useRef<'first' | 'last' | null>(null);

  // Where the inbox is as of the last change: keys and filters used faster than React
  // renders (a held j, a search typed right after a filter) build on the previous change,
  // not on the last render.
  const at = useRef({ id: selectedId, filters });
  useEffect(() => {
    at.current = { id: selectedId, filters };
  }, [selectedId, filters]);

  const go = (id: number | null, f: Filters = at.current.filters) => {
    at.current = { id, filters: f };
    void navigate(`/feedback${id === null ? '' : `/${id}`}${writeFilters(f)}`);
  };
  const setFilters = (next: Partial<Filters>) => go(at.current.id, { ...at.current.filters, ...next });

  const list = useAppQuery(
    ['feedback', 'list', filters],
    () => call(api.GET('/admin/api/feedback', { params: { query: inboxQuery(filters) } })),
    { placeholderData: keepPreviousData },
  );
  const waiting = useAppQuery(['feedback', 'waiting'], () =>
    call(api.GET('/admin/api/feedback', { params: { query: { status: '0', page_size: '1' } } })),
  );
  const categoryPage = useAppQuery(['feedback-categories', 'all'], () =>
    call(api.GET('/admin/api/feedback_category', { params: { query: { page_size: '100' } } })),
  );
  const categories = useMemo(() => new Map((categoryPage.data?.data ?? []).map((c) => [c.id, c.name])), [categoryPage.data]);

  const rows = useMemo(() => list.data?.data ?? [], [list.data]);
  const ids = rows.map((r) => r.id);

  useEffect(() => {
    const pick = pendingPick.current;
    if (pick === null || !list.data || list.isPlaceholderData) return;
    pendingPick.current = null;
    const id = pickOnPage(
      list.data.data.map((r) => r.id),
      pick,
    );
    if (id !== null) go(id);
    // Only a newly arrived page settles the pick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.data, list.isPlaceholderData]);

  useInboxKeys((s) => {
    switch (s) {
      case 'next':
      case 'previous': {
        const m = move({ ids, selected: at.current.id, page: at.current.filters.page, pages: list.data?.pages ?? 0 }, s);
        if (m.kind === 'select') go(m.id);
        else if (m.kind === 'page') {
          pendingPick.current = m.pick;
          setFilters({ page: m.page });
        }
        return;
      }
      case 'reply':
        replyRef.current?.focus();
        return;
      case 'leave':
        if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
        return;
      case 'help':
        setHelpOpen((open) => !open);
        return;
    }
  });

  const filtered = filters.status !== '' || filters.category !== '' || filters.q !== '';
  const showList = wide || selectedId === null;
  const showConversation = wide || selectedId !== null;
  const pane = { background: token.colorBgContainer, borderColor: token.colorBorderSecondary };

  return (
    <div className="inbox">
      <PageHeader
        title={
          <Space size={12}>
            {t('title')}
            {(waiting.data?.total ?? 0) > 0 && (
              <Badge
                count={t('waiting', { count: waiting.data?.total ?? 0 })}
                color={token.colorWarning}
                data-testid="waiting-count"
                style={{ fontWeight: 'normal' }}
              />
            )}
          </Space>
        }
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('action.refresh', { ns: 'common' })} />
            <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
          </Space>
        }
      />
      <div className={`inbox__panes${wide ? '' : ' inbox__panes--stacked'}`}>
        {showList && (
          <section className="inbox__list" style={pane}>
            <InboxFilters filters={filters} categories={categories} onChange={setFilters} />
            <InboxList
              rows={rows}
              total={list.data?.total ?? 0}
              page={filters.page}
              pageSize={filters.pageSize}
              loading={list.isFetching && (list.isPending || list.isPlaceholderData)}
              filtered={filtered}
              selectedId={selectedId}
              categories={categories}
              onSelect={(id) => go(id)}
              onPage={(page, pageSize) => setFilters({ page: pageSize === filters.pageSize ? page : 1, pageSize })}
            />
            {list.isError && (
              <Typography.Text type="danger" className="inbox__list-error">
                {t('shell.loadFailed', { ns: 'common', message: list.error.message })}
              </Typography.Text>
            )}
          </section>
        )}
        {showConversation && (
          <section className="inbox__conversation" style={pane}>
            {selectedId === null ? (
              <Flex vertical align="center" justify="center" className="inbox__pick">
                <Empty description={t('conversation.pick')} />
                <Typography.Text type="secondary">{t('conversation.pickHint')}</Typography.Text>
              </Flex>
            ) : (
              <Conversation
                key={selectedId}
                id={selectedId}
                categories={categories}
                replyRef={replyRef}
                onBack={wide ? undefined : () => go(null)}
              />
            )}
          </section>
        )}
      </div>
    </div>
  );
}
