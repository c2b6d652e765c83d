/** parseAccount's e-mail rule: a bare address, nothing mail software would read as another one. */
import { describe, expect, it } from 'vitest';
import { parseAccount } from '../../src/modules/auth/account.js';

describe('parseAccount: e-mail', () => {
  it.each([
    'a@b.cd',
    'first.last+tag@mail.example.com',
    "o'hara@example.org",
    'x_y-z@sub-domain.example.io',
    'josé@correo.es',
    'user@bücher.de',
  ])('accepts %s', (address) => {
    expect(parseAccount(undefined, address)).toMatchObject({ kind: 'email', email: address.toLowerCase() });
  });

  it.each([
    'x<victim@example.com>',
    '"a" <b@c.d>',
    'Name <b@c.de>',
    '"a b"@example.com',
    'a@[127.0.0.1]',
    'a(comment)@example.com',
    'a@b@example.com',
    'a..b@example.com',
    '.a@example.com',
    'a.@example.com',
    'a@example',
    'a@-example.com',
    'a@example-.com',
    'a@example..com',
    'a,b@example.com',
    'a;b@example.com',
    `${'a'.repeat(65)}@example.com`,
  ])('refuses %s with 10005', (address) => {
    expect(() => parseAccount(undefined, address)).toThrow(expect.objectContaining({ code: 10005 }));
  });
});
