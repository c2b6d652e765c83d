/**
 * The FAQ editor's rules and payload, mirroring the admin route's schema
 * (src/modules/admin/faq.routes.ts) so a form refuses what the server would.
 */
export const FAQ_LIMITS = {
  title: 255,
  content: 20000,
  category: 64,
  externalLink: 512,
  sortMin: -2147483648,
  sortMax: 2147483647,
} as const;

/** The server's check (src/platform/urls.ts): an http(s) URL with a host, or nothing. */
export function isHttpUrlOrEmpty(text: string): boolean {
  const s = text.trim();
  if (s === '') return true;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export interface FaqFormValues {
  title: string;
  category?: string | undefined;
  external_link?: string | undefined;
  sort?: number | null | undefined;
  is_published: boolean;
  content: string;
}

/** What POST/PUT take: trimmed text, sort 0 when left empty. Content is kept as written. */
export function faqBody(v: FaqFormValues) {
  return {
    title: v.title.trim(),
    content: v.content,
    category: (v.category ?? '').trim(),
    external_link: (v.external_link ?? '').trim(),
    sort: v.sort ?? 0,
    is_published: v.is_published,
  };
}

/** The distinct categories in use, for the editor's suggestions and the list's filter. */
export function categoriesOf(rows: readonly { category: string }[]): string[] {
  return [...new Set(rows.map((r) => r.category.trim()).filter((c) => c !== ''))].sort((a, b) => a.localeCompare(b));
}

/** True when the form differs from what was loaded (or from a blank article). */
export function isDirty(initial: FaqFormValues, current: FaqFormValues): boolean {
  return JSON.stringify(faqBody(initial)) !== JSON.stringify(faqBody(current));
}

export const BLANK_FAQ: FaqFormValues = { title: '', category: '', external_link: '', sort: 0, is_published: false, content: '' };
