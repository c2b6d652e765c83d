/** /faq/new and /faq/:id: one article, written in Markdown with a live preview. */
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { registerMessages } from '../../i18n/index.ts';
import { BLANK_FAQ } from './faq-form.ts';
import { FaqEditorForm } from './faq-editor-form.tsx';
import { messages } from './messages.ts';
import { useFaqArticle } from './use-faq.ts';

registerMessages('faq', messages);

export default function FaqEditorPage() {
  const { t } = useTranslation('faq');
  const navigate = useNavigate();
  const params = useParams();
  const id = params.id ? Number(params.id) : null;
  const article = useFaqArticle(id !== null && Number.isSafeInteger(id) && id > 0 ? id : null);

  if (id === null) return <FaqEditorForm key="new" id={null} initial={BLANK_FAQ} />;
  if (article.isLoading) return <Spin className="page-spin" />;
  if (!article.data) {
    return (
      <Result
        status="404"
        title={t('notFound')}
        subTitle={article.error?.message}
        extra={<Button onClick={() => void navigate('/faq')}>{t('common:action.back')}</Button>}
      />
    );
  }
  const a = article.data;
  return (
    <FaqEditorForm
      key={a.id}
      id={a.id}
      initial={{
        title: a.title,
        category: a.category,
        external_link: a.external_link,
        sort: a.sort,
        is_published: a.is_published,
        content: a.content,
      }}
    />
  );
}
