import { describe, expect, it } from 'vitest';
import { AppdeskError } from '../../../clients/typescript/src/errors.ts';
import { errorText } from './error-text.ts';

describe('error text', () => {
  it('adds the fields and reasons of a 10005 to the message', () => {
    const e = new AppdeskError(10005, 'Invalid request field', 400, {
      fields: [{ field: 'role', reason: 'the last super manager cannot be demoted' }],
    });
    expect(errorText(e)).toBe('Invalid request field (role: the last super manager cannot be demoted)');
  });

  it('is the message alone otherwise', () => {
    expect(errorText(new AppdeskError(10003, 'No permission', 403))).toBe('No permission');
    expect(errorText(new Error('offline'))).toBe('offline');
  });
});
