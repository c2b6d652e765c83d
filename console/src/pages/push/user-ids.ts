/** The target-users tag input: each tag must be a row id the route accepts (1 … 2^31-1). */
export const MAX_ROW_ID = 2147483647;
export const MAX_USER_IDS = 10000;

export function isUserId(tag: string): boolean {
  const s = tag.trim();
  if (!/^\d{1,10}$/.test(s)) return false;
  const n = Number(s);
  return n >= 1 && n <= MAX_ROW_ID;
}

/**
 * Tags as typed or pasted (a pasted "1, 2 3" splits into three), deduplicated; the ones that
 * are not ids are answered apart so the form can name them.
 */
export function splitTags(tags: readonly string[]): { ids: number[]; invalid: string[] } {
  const parts = tags.flatMap((t) => t.split(/[\s,，;；]+/)).filter((t) => t !== '');
  const ids = [...new Set(parts.filter(isUserId).map(Number))];
  const invalid = [...new Set(parts.filter((t) => !isUserId(t)))];
  return { ids, invalid };
}
