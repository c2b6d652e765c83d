/**
 * POST /api/personal/avatar (multipart upload) and GET /api/avatars/:id (public image).
 * Multipart parsing is registered in this scope only: every other route keeps the one JSON
 * parser. The upload's limits hold while it streams (busboy counts the bytes of the part):
 * at most MAX_UPLOAD_BYTES are ever kept, whatever the client sends.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, ErrorCode, invalidField, notFound } from '../../platform/errors.js';
import { ErrorEnvelope, ok, success } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { toUserView, UserSchema } from '../auth/user.view.js';
import type { AvatarService } from './avatar.service.js';

const MiB = 1024 * 1024;
export const MAX_UPLOAD_BYTES = 5 * MiB;
/** Multipart framing around the file (boundaries, part headers, a stray field or two). */
const FRAMING_ALLOWANCE = 64 * 1024;
const CACHE_FOREVER = 'public, max-age=31536000, immutable';

const tooLarge = () => new AppError(ErrorCode.InvalidField, 'upload too large', [{ field: 'file', reason: 'larger than 5 MiB' }], 413);

/**
 * Errors while reading the parts are the client's (malformed framing, limits): 10005, and
 * 413 for an oversize file. Nothing but parsing happens in that loop.
 */
function uploadError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (code === 'FST_FILES_LIMIT') return invalidField('file', 'exactly one file expected');
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return invalidField('body', 'too many parts');
  const detail = err instanceof Error ? err.message : String(err);
  return new AppError(ErrorCode.InvalidField, `multipart: ${detail}`, [{ field: 'body', reason: 'malformed multipart body' }]);
}

/** The one part named `file`, read while streaming; 10005 when missing or not alone. */
async function readUpload(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw invalidField('file', 'multipart/form-data with a part named file expected');
  const length = Number(req.headers['content-length']);
  // Refused before reading when the size is declared; a chunked body meets the part limit.
  if (Number.isFinite(length) && length > MAX_UPLOAD_BYTES + FRAMING_ALLOWANCE) throw tooLarge();
  let upload: Buffer | undefined;
  let wrongPart = false;
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        wrongPart = true;
        part.file.resume();
        continue;
      }
      upload = await part.toBuffer();
    }
  } catch (err) {
    throw uploadError(err);
  }
  if (wrongPart) throw invalidField('file', 'exactly one part, named file, expected');
  if (!upload || upload.length === 0) throw invalidField('file', 'is required');
  return upload;
}

/** PUBLIC_URL, or the request's own origin (with TRUST_PROXY, the forwarded one). */
function originOf(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  try {
    const url = new URL(`${req.protocol}://${req.host}`);
    if (url.username || url.password || url.pathname !== '/' || url.search) throw new Error('not a bare host');
    return url.origin;
  } catch {
    throw invalidField('host', 'the Host header is not a valid host');
  }
}

/** 304 when If-None-Match names the current ETag (or is `*`). */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

export interface AvatarRoutesDeps {
  avatars: AvatarService;
  time: TimeFormatter;
  publicUrl: string | undefined;
}

const UploadBody = Type.Object(
  { file: Type.String({ format: 'binary', description: 'PNG, JPEG, GIF or WebP, at most 5 MiB; recognised by content' }) },
  { required: ['file'] },
);
const AvatarParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9]{1,64}$' }) });

export const avatarRoutes: FastifyPluginAsyncTypebox<AvatarRoutesDeps> = async (app, { avatars, time, publicUrl }) => {
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 8, fieldSize: 1024, parts: 10, headerPairs: 20 },
  });

  app.post(
    '/api/personal/avatar',
    {
      config: { auth: 'user' },
      // The body is a stream read by the handler: the schema documents it for /docs only.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['personal'],
        summary: 'Upload an avatar (re-encoded to a 256×256 WebP)',
        consumes: ['multipart/form-data'],
        body: UploadBody,
        response: ok(UserSchema),
      },
    },
    async (req) => {
      const upload = await readUpload(req);
      return success(toUserView(await avatars.upload(req.user(), upload, originOf(req, publicUrl)), time));
    },
  );

  app.get(
    '/api/avatars/:id',
    {
      schema: {
        tags: ['personal'],
        summary: 'An uploaded avatar (no auth; cacheable forever, a new upload has a new URL)',
        params: AvatarParams,
        response: {
          200: { description: 'The avatar', content: { 'image/webp': { schema: { type: 'string', format: 'binary' } } } },
          304: { description: 'Not modified (If-None-Match names the current ETag)', type: 'null' },
          '4xx': ErrorEnvelope,
          '5xx': ErrorEnvelope,
        },
      },
    },
    async (req, reply) => {
      const avatar = await avatars.find(req.params.id);
      if (!avatar) throw notFound('avatar');
      // nosniff: browsers take it as the image it is declared to be, never as markup.
      void reply.header('etag', avatar.etag).header('cache-control', CACHE_FOREVER).header('x-content-type-options', 'nosniff');
      if (notModified(req.headers['if-none-match'], avatar.etag)) return reply.code(304).send(null);
      // Bytes, not the envelope the typed 4xx/5xx schemas describe: sent as they are.
      return reply.type('image/webp').send(avatar.bytes as never);
    },
  );
};
