/**
 * JSON read from places that may hold anything: stored columns, providers' answers (a
 * gateway's HTML error page, an empty body). Such text reads as "nothing" rather than
 * throwing, and each caller decides what nothing means.
 */

/** The parsed value, or undefined when the text is empty or not JSON. */
export function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON object's entries; anything else reads as empty. */
export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
