/**
 * JSON bodies, the one parser for every route:
 * - nested at most MAX_JSON_DEPTH levels: whatever later walks a body (schema validation,
 *   JSON.stringify when storing or logging it) recurses, and a 64-KiB body can nest 30,000
 *   levels, enough to overflow the stack. Checked on the text, before parsing;
 * - an empty body sent with `Content-Type: application/json` means "no body" (Fastify's own
 *   parser refuses it), so a route whose body is optional takes it like a request without
 *   one; a route that needs a body still refuses it through its schema;
 * - the parsing itself stays Fastify's (prototype poisoning refused), and the size limit is
 *   the route's `bodyLimit` when it declares one, else the app's.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from './errors.js';

export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Deeper than `max` levels of objects and arrays, strings skipped. */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

export function registerJsonBody(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (/^\s*$/.test(text)) {
      done(null, undefined);
      return;
    }
    if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
      done(
        new AppError(ErrorCode.InvalidField, 'JSON body nested too deeply', [
          { field: 'body', reason: `nested more than ${MAX_JSON_DEPTH} levels` },
        ]),
        undefined,
      );
      return;
    }
    void parse(req, text, done);
  });
}
