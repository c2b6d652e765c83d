/**
 * What to tell the operator about a refused write: the server's message and, for 10005,
 * which field and why ("role: the last super manager cannot be demoted"), since the
 * message alone is the generic "Invalid request field".
 */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const fields = (e as { data?: { fields?: unknown } }).data?.fields;
  if (!Array.isArray(fields) || fields.length === 0) return e.message;
  const reasons = fields
    .filter((f): f is { field: string; reason: string } => typeof f?.field === 'string' && typeof f?.reason === 'string')
    .map((f) => `${f.field}: ${f.reason}`);
  return reasons.length ? `${e.message} (${reasons.join('; ')})` : e.message;
}
