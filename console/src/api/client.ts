/**
 * The console's API client: openapi-fetch typed by the server's own OpenAPI document
 * (clients/typescript/src/schema.ts is generated from /openapi.json, so a renamed field is
 * a type error here), with the manager's token and the selected app on every request.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { AppdeskError, unwrap } from '../../../clients/typescript/src/index.ts';
import type { components, paths } from '../../../clients/typescript/src/schema.ts';
import { loadAppId, loadSession } from './session.ts';

export { AppdeskError, unwrap };
export type { components, paths };

/** The contract's code for a token that is missing, unknown or expired. */
export const TOKEN_INVALID = 10004;

let expiredListener: (() => void) | null = null;
let language = 'en';

/** Called once by the router: a 10004 anywhere sends the operator back to sign-in. */
export function onSessionExpired(listener: (() => void) | null): void {
  expiredListener = listener;
}

export function setApiLanguage(lang: string): void {
  language = lang;
}

const auth: Middleware = {
  onRequest({ request }) {
    const session = loadSession();
    if (session) request.headers.set('Authorization', `Token ${session.access_token}`);
    // No header means the default app ("").
    const appId = loadAppId();
    if (appId && !request.headers.has('X-App-Id')) request.headers.set('X-App-Id', appId);
    request.headers.set('Accept-Language', language);
    return request;
  },
  async onResponse({ response, request }) {
    // Read the code, not the status: with LEGACY_HTTP_200 errors come with HTTP 200.
    if (response.status !== 204 && !new URL(request.url).pathname.endsWith('/auth/login')) {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { code?: number } | null;
      if (body?.code === TOKEN_INVALID) expiredListener?.();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** A call's `data`, or an AppdeskError carrying the server's code and message. */
export const call = unwrap;

type Method = 'get' | 'post' | 'put' | 'delete';
type OkData<Op> = Op extends { responses: { 200: { content: { 'application/json': { data: infer D } } } } } ? D : never;

/** The `data` a route answers on success, straight from the generated document. */
export type ApiData<P extends keyof paths, M extends Method> = OkData<paths[P][M]>;
/** One row of a paginated list route. */
export type ApiRow<P extends keyof paths> = ApiData<P, 'get'> extends { data: (infer R)[] } ? R : never;
