/**
 * `extras` as the compose form edits it (rows of key and value) and as the API takes it (an
 * object of strings, at most 2 KiB as JSON: src/modules/push/push.model.ts).
 */
export const MAX_EXTRAS_BYTES = 2048;

export interface ExtrasRow {
  key?: string | undefined;
  value?: string | undefined;
}

/** Rows to the object sent; rows without a key are left out, keys are trimmed. */
export function rowsToExtras(rows: readonly (ExtrasRow | undefined)[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows ?? []) {
    const key = row?.key?.trim() ?? '';
    if (key !== '') out[key] = row?.value ?? '';
  }
  return out;
}

export function extrasToRows(extras: Readonly<Record<string, string>>): ExtrasRow[] {
  return Object.entries(extras).map(([key, value]) => ({ key, value }));
}

/** Bytes the object takes as the server measures it: its JSON in UTF-8. */
export function extrasBytes(extras: Readonly<Record<string, string>>): number {
  return new TextEncoder().encode(JSON.stringify(extras)).length;
}

/** Keys given more than once (trimmed): the later row would silently win. */
export function duplicateKeys(rows: readonly (ExtrasRow | undefined)[] | undefined): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const row of rows ?? []) {
    const key = row?.key?.trim() ?? '';
    if (key === '') continue;
    if (seen.has(key)) dup.add(key);
    seen.add(key);
  }
  return [...dup];
}
