/**
 * A user's tokens and the key each is stored under.
 *
 * A token is 50 characters of [A-Za-z0-9]: its issue time (milliseconds, base 36, 9
 * characters), then 41 from the CSPRNG (244 bits). It is stored under its key: those 9
 * characters followed by the token's SHA-256 in hex. The token itself is never stored.
 *
 * Why the time: the keys are the unique indexes that refreshes and logins insert into. Keys
 * that were all random put each new pair on a leaf page of its own in both indexes, and every
 * one of those pages was written again at each commit (and, on SQLite, once more at each
 * checkpoint): SQLite's COMMIT alone took a third of a refresh's busy time. Keys that begin
 * with the time are appended at the end of the index, where one commit's pairs share a page
 * or two: 145 → 98 µs of CPU a refresh on SQLite (docs/benchmarks.md, ninth pass). The time
 * is no secret: the answer's `expires_at` tells it.
 *
 * Base 36 in lower case sorts as the numbers it writes under every collation (digits before
 * letters, one case), so PostgreSQL's text order keeps the keys in time order too.
 */
import { randomAlphanumeric, sha256Hex, TOKEN_LENGTH } from '../../platform/secrets.js';

const TIME_CHARS = 9; // 36^9 ms reaches the year 5188
const SHA256_HEX_LENGTH = 64;

export function newToken(now: number): string {
  return now.toString(36).padStart(TIME_CHARS, '0') + randomAlphanumeric(TOKEN_LENGTH - TIME_CHARS);
}

/** The key a token is stored and looked up under. */
export function tokenKey(token: string): string {
  return token.slice(0, TIME_CHARS) + sha256Hex(token);
}

/**
 * The key the same token had if it was issued before keys began with the time (2026-12-02):
 * the bare hash. Such pairs live until their refresh token expires
 * (REFRESH_TOKEN_TTL_SECONDS); a token not found under its key is looked for under this one.
 */
export function legacyKeyOf(key: string): string {
  // The hash is the key's end even when the token was shorter than its time (no such key is
  // stored, but nothing checks a presented token's length before it is looked up).
  return key.slice(-SHA256_HEX_LENGTH);
}
