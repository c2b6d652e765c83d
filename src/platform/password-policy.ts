/** The one rule for passwords, shared by app users and managers. */
import { invalidField } from './errors.js';

export const MAX_PASSWORD_LENGTH = 128;

export class PasswordPolicy {
  constructor(private readonly minLength: number) {}

  /** Throws 10005 naming `field` unless the password's length is within bounds. */
  check(password: string, field = 'password'): void {
    if (password.length < this.minLength || password.length > MAX_PASSWORD_LENGTH) {
      throw invalidField(field, `must be ${this.minLength} to ${MAX_PASSWORD_LENGTH} characters`);
    }
  }
}
