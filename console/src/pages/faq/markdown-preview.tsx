/**
 * An article as the app would render its Markdown. Raw HTML is dropped (skipHtml) and
 * react-markdown's default URL filter removes javascript: and other unsafe links.
 */
import { Empty, theme, Typography } from 'antd';
import Markdown from 'react-markdown';

export function MarkdownPreview({ source, emptyText }: { source: string; emptyText: string }) {
  const { token } = theme.useToken();
  return (
    <div
      data-testid="markdown-preview"
      style={{
        border: `1px solid ${token.colorBorder}`,
        borderRadius: token.borderRadius,
        background: token.colorBgContainer,
        padding: '4px 16px',
        minHeight: 450,
        maxHeight: 660,
        overflow: 'auto',
        boxSizing: 'border-box',
      }}
    >
      {source.trim() === '' ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} style={{ marginTop: 96 }} />
      ) : (
        <Typography className="markdown-preview">
          <Markdown
            skipHtml
            components={{
              a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
            }}
          >
            {source}
          </Markdown>
        </Typography>
      )}
    </div>
  );
}
