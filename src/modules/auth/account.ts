/**
 * An "account" as clients send it: an e-mail address when it contains "@", else a mobile
 * number for the calling code `area` (default 86). Phones are validated with libphonenumber
 * and kept as national significant digits; e-mail is trimmed and lower-cased.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { invalidField } from '../../platform/errors.js';

/** The password hash of users registered by code: nothing verifies against it. */
export const NO_PASSWORD = '';

export type Account =
  | { kind: 'phone'; area: string; phone: string; email: ''; username: string; key: string }
  | { kind: 'email'; area: ''; phone: ''; email: string; username: string; key: string };

/**
 * A bare addr-spec only (RFC 5322 dot-atom local part, a dotted host name; letters beyond
 * ASCII allowed, RFC 6531): no display names (`x<victim@example.com>`), quoted local parts,
 * comments or address literals, which mail software would read as another address.
 */
const ATOM = "[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[\\p{L}\\p{M}\\p{N}](?:[\\p{L}\\p{M}\\p{N}-]{0,61}[\\p{L}\\p{M}\\p{N}])?';
const EMAIL_RE = new RegExp(`^(?=[^@]{1,64}@)${ATOM}(?:\\.${ATOM})*@${LABEL}(?:\\.${LABEL})+$`, 'u');

export function parseAccount(areaInput: string | undefined, accountInput: string): Account {
  const account = accountInput.trim();
  if (account.includes('@')) {
    const email = account.toLowerCase();
    if (email.length > 254 || !EMAIL_RE.test(email)) throw invalidField('account', 'not a valid e-mail address');
    return { kind: 'email', area: '', phone: '', email, username: email, key: email };
  }
  const area = (areaInput ?? '').trim().replace(/^\+/, '') || '86';
  if (!/^\d{1,4}$/.test(area)) throw invalidField('area', 'must be a country calling code such as 86');
  const digits = account.replace(/[\s()-]/g, '');
  if (!/^\+?\d{3,20}$/.test(digits)) throw invalidField('account', 'not a valid mobile number or e-mail address');
  const parsed = digits.startsWith('+')
    ? parsePhoneNumberFromString(digits)
    : parsePhoneNumberFromString(digits, { defaultCallingCode: area });
  if (!parsed?.isValid()) throw invalidField('account', `not a valid mobile number for +${area}`);
  if (parsed.countryCallingCode !== area && !(digits.startsWith('+') && areaInput === undefined)) {
    throw invalidField('account', `number does not belong to +${area}`);
  }
  const phone = parsed.nationalNumber;
  const callingCode = parsed.countryCallingCode;
  return { kind: 'phone', area: callingCode, phone, email: '', username: phone, key: `${callingCode}:${phone}` };
}

/** The key a user signs in with (its username), as parseAccount builds it: lockouts and codes hang on it. */
export function loginKeyOf(user: { area: string; username: string }): string {
  return user.username.includes('@') ? user.username : `${user.area}:${user.username}`;
}

/** Every account key the user can receive codes at (their phone and their e-mail). */
export function accountKeysOf(user: { area: string; phone: string; email: string; username: string }): string[] {
  const keys = new Set([loginKeyOf(user)]);
  if (user.phone) keys.add(`${user.area}:${user.phone}`);
  if (user.email) keys.add(user.email);
  return [...keys];
}
