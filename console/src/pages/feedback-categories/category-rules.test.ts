import { describe, expect, it } from 'vitest';
import { categoryBody, checkDescription, checkName, DESCRIPTION_MAX, NAME_MAX } from './category-rules.ts';

describe('category rules', () => {
  it('wants a name that is not blank and fits the server limit', () => {
    expect(checkName(undefined)).toBe('required');
    expect(checkName('   ')).toBe('required');
    expect(checkName('Bugs')).toBeNull();
    expect(checkName('x'.repeat(NAME_MAX))).toBeNull();
    expect(checkName('x'.repeat(NAME_MAX + 1))).toBe('nameTooLong');
  });

  it('bounds the description, which may be empty', () => {
    expect(checkDescription(undefined)).toBeNull();
    expect(checkDescription('')).toBeNull();
    expect(checkDescription('d'.repeat(DESCRIPTION_MAX))).toBeNull();
    expect(checkDescription('d'.repeat(DESCRIPTION_MAX + 1))).toBe('descriptionTooLong');
  });

  it('sends trimmed values', () => {
    expect(categoryBody({ name: '  Bugs ', description: undefined })).toEqual({ name: 'Bugs', description: '' });
  });
});
