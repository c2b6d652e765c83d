/**
 * Makes the API document tell the truth about every route, from what the route already
 * declares: a stable operationId (from its method and path, unless it names one), the
 * security scheme its guard needs (`config.auth`), and its error answers (the envelope with
 * the codes it can answer, grouped by HTTP status). Errors are sent as ready JSON by the
 * error handler, so these response schemas document without reshaping anything.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { ErrorCode, HTTP_STATUS, MESSAGES } from './errors.js';
import { ROUTE_ERRORS } from './openapi-errors.js';

export const SECURITY_SCHEMES = {
  userToken: {
    type: 'http',
    scheme: 'bearer',
    description: "An app user's access token: `Authorization: Token <access_token>` (or `Bearer <access_token>`).",
  },
  managerToken: {
    type: 'http',
    scheme: 'bearer',
    description: "A manager's token from POST /admin/api/auth/login: `Authorization: Token <token>` (or `Bearer <token>`).",
  },
} as const;

const camel = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `POST /api/auth/send_code` → postAuthSendCode; `GET /admin/api/users/:id` → getAdminUsersById. */
export function operationIdFor(method: string, url: string): string {
  const words = url
    .replace(/^\/admin\/api\//, '/admin/')
    .replace(/^\/api\//, '/')
    .split('/')
    .filter(Boolean)
    .flatMap((part) => (part.startsWith(':') ? ['by', ...part.slice(1).split('_')] : part.split(/[_.-]/)))
    .filter(Boolean);
  return method.toLowerCase() + words.map(camel).join('');
}

function errorCodes(route: RouteOptions, method: string): ErrorCode[] {
  const codes = new Set<ErrorCode>([ErrorCode.InvalidField, ErrorCode.Internal]);
  const auth = route.config?.auth ?? 'public';
  if (auth !== 'public') {
    codes.add(ErrorCode.InvalidToken);
    codes.add(ErrorCode.Forbidden);
  }
  if (/\/:\w*id\b/.test(route.url)) codes.add(ErrorCode.NotFound);
  for (const c of ROUTE_ERRORS[`${method} ${route.url}`] ?? []) codes.add(c);
  return [...codes].sort();
}

function errorResponses(codes: ErrorCode[], hasBody: boolean): Record<string, TSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of codes) byStatus.set(HTTP_STATUS[c], [...(byStatus.get(HTTP_STATUS[c]) ?? []), c]);
  if (hasBody) byStatus.set(413, [ErrorCode.InvalidField]);
  const out: Record<string, TSchema> = {};
  for (const [status, list] of byStatus) {
    out[String(status)] = Type.Object(
      {
        code: Type.Integer({ enum: list }),
        message: Type.String({ description: 'localised by Accept-Language; branch on code, never on message' }),
        data: Type.Object(
          {
            fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
          },
          { additionalProperties: true },
        ),
      },
      { description: list.map((c) => `${c}: ${MESSAGES.en[c]}`).join('; ') },
    );
  }
  return out;
}

export function registerOpenApiTruth(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide) return;
    const methods = [route.method].flat().filter((m) => m !== 'HEAD');
    const method = methods[0];
    if (!method || methods.length !== 1) return;
    const schema = (route.schema ??= {}) as Record<string, unknown>;
    schema.operationId ??= operationIdFor(method, route.url);
    const auth = route.config?.auth ?? 'public';
    if (auth !== 'public') schema.security = [auth === 'user' ? { userToken: [] } : { managerToken: [] }];
    const hasBody = schema.body !== undefined;
    schema.response = { ...errorResponses(errorCodes(route, method), hasBody), ...(schema.response as object | undefined) };
  });
}
