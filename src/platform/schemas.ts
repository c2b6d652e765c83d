/**
 * Schema building blocks shared by every route: the envelope, lists, ids, pagination.
 * A route's response schema is what the serializer emits, so a field missing here can
 * never leak (password hashes, token hashes).
 */
import { Type, type TSchema } from 'typebox';

export const Timestamp = Type.String({ description: 'YYYY-MM-DD HH:mm:ss in APPDESK_TIMEZONE', examples: ['2019-05-22 18:20:45'] });

export function Envelope<T extends TSchema>(data: T) {
  return Type.Object({
    code: Type.Integer({ examples: [0] }),
    message: Type.String({ examples: ['success'] }),
    data,
  });
}

export const Empty = Type.Object({});

export const ErrorEnvelope = Type.Object({
  code: Type.Integer({ examples: [10005] }),
  message: Type.String(),
  data: Type.Object({
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
  }),
});

/** Response map for a route: 200 with the envelope around `data`, errors documented once. */
export function ok<T extends TSchema>(data: T) {
  return { 200: Envelope(data), '4xx': ErrorEnvelope, '5xx': ErrorEnvelope };
}

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    total: Type.Integer(),
    pages: Type.Integer(),
    current_page: Type.Integer(),
    page_size: Type.Integer(),
    data: Type.Array(item),
  });
}

/** page_no / page_size arrive as strings; the pagination helper validates them (10005). */
export const PageQuery = Type.Object({
  page_no: Type.Optional(Type.String()),
  page_size: Type.Optional(Type.String()),
});

/**
 * A row id in a path, for every `{id}`-like parameter: a positive integer without leading
 * zeros, at most 15 digits (so exact as a JS number); anything else is 10005. Ids are 32-bit
 * in the schema: pathId() (platform/ids.ts) answers 10001 for larger ones without a query.
 */
/**
 * Every row-id path parameter: digits only, at most 15 (a JS number holds them exactly).
 * Anything else is 10005; a well-formed id that names no row, 0 included, is 10001 (pathId).
 */
export const RowIdParam = Type.String({ pattern: '^[0-9]{1,15}$', description: 'row id (positive integer)' });
export const IdParam = Type.Object({ id: RowIdParam });
export const FeedbackIdParam = Type.Object({ feedback_id: RowIdParam });

export function success<T>(data: T): { code: 0; message: 'success'; data: T } {
  return { code: 0, message: 'success', data };
}
