/** Random tokens and codes from the CSPRNG, and the hashing and comparing of them. */
import { hash, randomInt, timingSafeEqual } from 'node:crypto';
import { customAlphabet } from 'nanoid';

export const TOKEN_LENGTH = 50;
export const OPENID_LENGTH = 40;

/**
 * Characters of [A-Za-z0-9], uniformly drawn: nanoid discards the bytes that would bias the
 * modulo, and draws them from a pool of CSPRNG bytes refilled in bulk (a call to randomInt
 * per character cost 8 µs of a refresh's 100).
 */
const alphanumeric = customAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', TOKEN_LENGTH);

/** `length` characters of [A-Za-z0-9] from the CSPRNG. */
export function randomAlphanumeric(length: number): string {
  return alphanumeric(length);
}

export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

export function sha256Hex(value: string): string {
  // One-shot hashing: no Hash object per call (every authenticated request hashes its token).
  return hash('sha256', value, 'hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ba.length !== bb.length) return false;
  return timingSafeEqual(ba, bb);
}
