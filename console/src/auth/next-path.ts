/**
 * Where sign-in sends the operator afterwards. Only paths inside the console are followed,
 * so a crafted `?next=https://elsewhere` link cannot turn sign-in into an open redirect.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/sign-in')) return '/';
  return next;
}

export function signInPath(from: string, expired = false): string {
  const params = new URLSearchParams();
  const next = safeNextPath(from);
  if (next !== '/') params.set('next', next);
  if (expired) params.set('expired', '1');
  const qs = params.toString();
  return qs ? `/sign-in?${qs}` : '/sign-in';
}
