/**
 * RFC 6238 codes as the contract fixes them (6 digits, 30-second steps, SHA-1, one step of
 * drift either way), through otpauth. Time is always passed in (the container's clock), so
 * tests never depend on the wall clock.
 */
import { Secret, TOTP } from 'otpauth';

const ISSUER = 'appdesk';
const PERIOD = 30;
const DIGITS = 6;

function totp(base32: string, label = 'manager'): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(base32) });
}

/** A new random secret: 160 bits, as RFC 4226 recommends for SHA-1. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI authenticator apps read (usually shown as a QR code). */
export function otpauthUrl(base32: string, username: string): string {
  return totp(base32, username).toString();
}

/** The code for `timestamp` (tests, and nothing else, generate codes). */
export function totpCode(base32: string, timestamp: number): string {
  return totp(base32).generate({ timestamp });
}

/** The time step the code belongs to (within ±1 step of `timestamp`), or undefined when it matches none. */
export function matchingStep(base32: string, code: string, timestamp: number): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const delta = totp(base32).validate({ token: code, timestamp, window: 1 });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PERIOD, timestamp }) + delta;
}
