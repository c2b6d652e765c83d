/** Checks invalidation messages arriving from other instances before applying them. */
import type { Invalidation } from './session-cache.js';

export function isInvalidation(m: unknown): m is Invalidation {
  if (typeof m !== 'object' || m === null) return false;
  const { kind, id } = m as { kind?: unknown; id?: unknown };
  if (kind === 'all') return true;
  return (kind === 'session' || kind === 'user' || kind === 'token') && Number.isSafeInteger(id);
}
