/**
 * Credentials carried inside URLs (webhook and base URLs): the userinfo part and query
 * parameters whose names say they hold a secret. Masking edits the text in place rather
 * than re-serialising through URL, so that the rest of the URL reads exactly as stored.
 */
const SECRET_PARAM = /token|key|secret|passw|pwd|signature|^sig$|auth|credential|session/i;

interface Parts {
  scheme: string;
  userinfo: string | undefined;
  host: string;
  path: string;
  query: string | undefined;
  fragment: string;
}

function split(url: string): Parts | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(?:\?([^#]*))?(#.*)?$/i.exec(url);
  if (!m) return undefined;
  const authority = m[2] ?? '';
  const at = authority.lastIndexOf('@');
  return {
    scheme: m[1] ?? '',
    userinfo: at >= 0 ? authority.slice(0, at) : undefined,
    host: at >= 0 ? authority.slice(at + 1) : authority,
    path: m[3] ?? '',
    query: m[4],
    fragment: m[5] ?? '',
  };
}

function paramName(pair: string): string {
  const name = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

export function hasUrlCredentials(url: string): boolean {
  const parts = split(url);
  if (!parts) return false;
  return parts.userinfo !== undefined || (parts.query ?? '').split('&').some((p) => p.includes('=') && SECRET_PARAM.test(paramName(p)));
}

/** The URL with its userinfo and secret-named parameter values replaced by `mask`. */
export function maskUrlCredentials(url: string, mask: string): string {
  const parts = split(url);
  if (!parts) return url;
  const query =
    parts.query === undefined
      ? ''
      : `?${parts.query
          .split('&')
          .map((p) => (p.includes('=') && SECRET_PARAM.test(paramName(p)) ? `${p.split('=', 1)[0]}=${mask}` : p))
          .join('&')}`;
  const userinfo = parts.userinfo === undefined ? '' : `${mask}@`;
  return `${parts.scheme}${userinfo}${parts.host}${parts.path}${query}${parts.fragment}`;
}

/**
 * The same masking for text that may not even parse as a URL (start-up errors about a
 * malformed one: an unescaped "@" or "/" in a password is the usual reason). Everything
 * up to the last "@" before the query counts as user info, so no part of such a password
 * shows; the rest may be over-masked, which a message can afford and a stored URL cannot.
 */
export function maskUrlText(text: string, mask: string): string {
  return text
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^?#]*@/i, `$1${mask}@`)
    .replace(/([?&])([^=&#]*)=([^&#]*)/g, (pair, sep: string, name: string) =>
      SECRET_PARAM.test(paramName(name)) ? `${sep}${name}=${mask}` : pair,
    );
}
