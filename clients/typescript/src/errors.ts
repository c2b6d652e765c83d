/** Errors the client raises: the server's envelope code, typed. */

/** The server answered an error envelope; `code` is the contract's code (SPEC section 2). */
export class AppdeskError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: number,
    readonly data: unknown = {},
  ) {
    super(message);
    this.name = 'AppdeskError';
  }

  /** The session is over (revoked, expired, its user deleted): sign in again. */
  get sessionEnded(): boolean {
    return this.code === 10004;
  }
}
