/** How a feedback reads in the inbox: its first line, a compact time, its status's look. */

export const STATUS = { pending: 0, replied: 1, closed: 2 } as const;
export const STATUSES = [STATUS.pending, STATUS.replied, STATUS.closed] as const;

/** The i18n key and Ant Design tag colour of each status (preset names follow the theme). */
export function statusLook(status: number): { key: string; color: string } {
  switch (status) {
    case STATUS.pending:
      return { key: 'status.pending', color: 'orange' };
    case STATUS.replied:
      return { key: 'status.replied', color: 'blue' };
    case STATUS.closed:
      return { key: 'status.closed', color: 'default' };
    default:
      return { key: 'status.unknown', color: 'default' };
  }
}

/** The first non-blank line of `text`, cut to `max` characters with an ellipsis. */
export function firstLine(text: string, max = 80): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const chars = Array.from(line.trim());
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

/**
 * A server stamp (`YYYY-MM-DD HH:mm:ss`, in the server's zone) shortened against `today`
 * (`YYYY-MM-DD`): the time for today, month and day this year, the date before that.
 */
export function shortTime(stamp: string, today: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(stamp);
  if (!m) return stamp;
  const [, y, mo, d, h, mi] = m;
  if (`${y}-${mo}-${d}` === today) return `${h}:${mi}`;
  if (y === today.slice(0, 4)) return `${mo}-${d} ${h}:${mi}`;
  return `${y}-${mo}-${d}`;
}

/** Today as `YYYY-MM-DD` in the browser's zone. */
export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** The category's name, "none" for 0, or a mark that it was deleted since. */
export function categoryLabel(
  id: number,
  names: ReadonlyMap<number, string>,
): { kind: 'none' } | { kind: 'named'; name: string } | { kind: 'deleted'; id: number } {
  if (id === 0) return { kind: 'none' };
  const name = names.get(id);
  return name === undefined ? { kind: 'deleted', id } : { kind: 'named', name };
}
