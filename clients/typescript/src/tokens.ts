/** Where the app keeps the token pair (secure storage, AsyncStorage, memory): the app decides. */

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_at?: string;
  expires_in?: number;
}

export interface TokenStorage {
  get(): TokenPair | null | Promise<TokenPair | null>;
  /** null: the session ended (the pair is no longer any good). */
  set(pair: TokenPair | null): void | Promise<void>;
}

/** Keeps the pair in memory: for tests, scripts and apps that persist it themselves. */
export function memoryTokenStorage(initial: TokenPair | null = null): TokenStorage {
  let pair = initial;
  return {
    get: () => pair,
    set: (next) => {
      pair = next;
    },
  };
}
