/**
 * JSON bodies. An empty body sent with `Content-Type: application/json` means "no body"
 * (Fastify's own parser refuses it), so a route whose body is optional takes it like a
 * request without one; a route that needs a body still refuses it through its schema.
 * Everything else is Fastify's parser (prototype poisoning refused), and the size limit is
 * the route's `bodyLimit` when it declares one, else the app's.
 */
import type { FastifyInstance } from 'fastify';

export function registerBodyParsing(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (/^\s*$/.test(body as string)) {
      done(null, undefined);
      return;
    }
    void json(req, body as string, done);
  });
}
