/**
 * Providers refuse a whole push whose text is longer than they allow (Getui 20001, JPush
 * 1005), while operators may write longer titles and bodies: the adapters shorten the
 * text to fit, marking the cut with an ellipsis, rather than lose the push.
 */
const ELLIPSIS = '…';

/** At most `max` characters (code points, so no surrogate pair is split). */
export function fitChars(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + ELLIPSIS;
}

/** At most `maxBytes` bytes of UTF-8. */
export function fitBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(ELLIPSIS, 'utf8');
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return out + ELLIPSIS;
}

/**
 * The longest body (cut at a code point, with an ellipsis) for which `build(body)` is at
 * most `maxBytes` of JSON; "" when even that does not fit (the provider then refuses it).
 */
export function fitBodyInJson(body: string, maxBytes: number, build: (body: string) => unknown): string {
  const fits = (text: string) => Buffer.byteLength(JSON.stringify(build(text)), 'utf8') <= maxBytes;
  if (fits(body)) return body;
  // JSON escapes make a character cost more than its UTF-8 bytes: search the cut instead.
  const chars = [...body];
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(chars.slice(0, mid).join('') + ELLIPSIS)) lo = mid;
    else hi = mid - 1;
  }
  const cut = chars.slice(0, lo).join('') + ELLIPSIS;
  return lo > 0 && fits(cut) ? cut : '';
}
