/**
 * How a phone cuts a notification's text, approximated in character columns: a wide (CJK,
 * emoji) character takes two. iOS shows the title on one line and up to four lines of body;
 * Android's collapsed card shows one line of each, with line breaks folded into spaces.
 */
export const ELLIPSIS = '…';

export interface PhoneLimits {
  titleColumns: number;
  bodyColumns: number;
  bodyLines: number;
  /** Android folds the body onto one line; iOS keeps the sender's line breaks. */
  foldLines: boolean;
}

export const IOS: PhoneLimits = { titleColumns: 34, bodyColumns: 40, bodyLines: 4, foldLines: false };
export const ANDROID: PhoneLimits = { titleColumns: 34, bodyColumns: 42, bodyLines: 1, foldLines: true };

const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

export function columns(ch: string): number {
  return WIDE.test(ch) ? 2 : 1;
}

/** One line of at most `width` columns, ending in "…" when cut. */
export function fitLine(text: string, width: number): string {
  const chars = Array.from(text);
  let used = 0;
  for (let i = 0; i < chars.length; i++) {
    used += columns(chars[i]!);
    if (used > width) {
      // Make room for the ellipsis (one column).
      const out = chars.slice(0, i);
      let w = out.reduce((n, c) => n + columns(c), 0);
      while (w + 1 > width && out.length > 0) w -= columns(out.pop()!);
      return out.join('').trimEnd() + ELLIPSIS;
    }
  }
  return text;
}

/** The last allowed line: what is left, with "…" when anything follows or it does not fit. */
function lastLine(tail: string, width: number, more: boolean): string {
  const w = Array.from(tail).reduce((n, c) => n + columns(c), 0);
  if (!more) return fitLine(tail, width);
  return w + 1 <= width ? tail.trimEnd() + ELLIPSIS : fitLine(tail, width);
}

/**
 * Lines as the phone wraps them (at most `lines`, the last one cut with "…"): at a space
 * when the line ends inside a word, anywhere for a word longer than a line or for CJK.
 */
export function fitLines(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  const paragraphs = text.split(/\r?\n/);
  for (let p = 0; p < paragraphs.length; p++) {
    let rest = Array.from(paragraphs[p]!);
    do {
      if (out.length === lines - 1) {
        out.push(lastLine(rest.join(''), width, p < paragraphs.length - 1));
        return out;
      }
      let used = 0;
      let n = 0;
      while (n < rest.length && used + columns(rest[n]!) <= width) used += columns(rest[n++]!);
      let next = n;
      if (n < rest.length && rest[n] !== ' ') {
        const space = rest.lastIndexOf(' ', n - 1);
        if (space > 0) {
          n = space;
          next = space + 1;
        }
      } else if (n < rest.length) {
        next = n + 1;
      }
      out.push(rest.slice(0, n).join('').trimEnd());
      rest = rest.slice(next);
    } while (rest.length > 0);
  }
  return out;
}

export interface PreviewText {
  title: string;
  body: string[];
}

export function previewText(title: string, body: string, phone: PhoneLimits): PreviewText {
  const text = phone.foldLines ? body.replace(/\s*\r?\n\s*/g, ' ').trim() : body.trim();
  return {
    title: fitLine(title.trim().replace(/\s*\r?\n\s*/g, ' '), phone.titleColumns),
    body: text === '' ? [] : fitLines(text, phone.bodyColumns, phone.bodyLines),
  };
}
