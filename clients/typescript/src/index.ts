/**
 * The appdesk client: openapi-fetch over the server's own document (schema.d.ts is
 * generated from /openapi.json), a fetch that handles tokens, and `unwrap`, which turns an
 * envelope into its `data` or throws an AppdeskError carrying the contract's code.
 * Fetch only, no Node built-ins: browsers, React Native and Node 20 alike.
 */
import createClient from 'openapi-fetch';
import { AppdeskError } from './errors.js';
import type { paths } from './schema.js';
import { createSessionFetch } from './session-fetch.js';
import { memoryTokenStorage, type TokenStorage } from './tokens.js';

export { AppdeskError } from './errors.js';
export { memoryTokenStorage, type TokenPair, type TokenStorage } from './tokens.js';
export type { paths, components, operations } from './schema.js';

export interface AppdeskClientOptions {
  baseUrl: string;
  /** Where the token pair lives; in memory by default. */
  storage?: TokenStorage;
  /** X-App-Id of every request; the default app when left out. */
  appId?: string;
  /** Accept-Language: the language of error messages (en, zh-CN). */
  locale?: string;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
}

export function createAppdeskClient(options: AppdeskClientOptions) {
  const storage = options.storage ?? memoryTokenStorage();
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: createSessionFetch({ ...options, storage }),
  });
  return Object.assign(client, { storage });
}

export type AppdeskClient = ReturnType<typeof createAppdeskClient>;

type Answer = { data?: unknown; error?: unknown; response: Response };
type DataOf<T> = T extends { data: infer D } ? D : never;

/**
 * The `data` of a success envelope, or an AppdeskError with the envelope's code (also when
 * the server answers errors with HTTP 200, LEGACY_HTTP_200).
 */
export async function unwrap<T extends Answer>(call: Promise<T>): Promise<DataOf<NonNullable<T['data']>>> {
  const { data, error, response } = await call;
  const env = (data ?? error) as { code?: number; message?: string; data?: unknown } | undefined;
  if (!env || typeof env.code !== 'number') throw new AppdeskError(10000, `unexpected answer (HTTP ${response.status})`, response.status);
  if (env.code !== 0) throw new AppdeskError(env.code, env.message ?? '', response.status, env.data);
  return env.data as DataOf<NonNullable<T['data']>>;
}
