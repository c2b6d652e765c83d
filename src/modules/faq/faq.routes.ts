/**
 * GET /api/faq and /api/faq/{id}: public, published articles only. No `auth` on purpose: a
 * token, even an invalid one, is ignored here.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Container } from '../../container.js';
import { parsePage } from '../../platform/pagination.js';
import { IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { FaqSchema, toFaqView } from './faq.view.js';

export const FaqListQuery = Type.Object({
  ...PageQuery.properties,
  category: Type.Optional(Type.String({ maxLength: 64, description: 'exact category; empty means any' })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'title or content contains (case-insensitive)' })),
});

/** Envelope text of each page object the cache hands out; goes with the page. */
const serialized = new WeakMap<object, string>();

export const faqRoutes: FastifyPluginAsyncTypebox<{ container: Container }> = async (app, { container }) => {
  const { faq, time } = container;
  const tags = ['faq'];

  app.get(
    '/api/faq',
    {
      schema: {
        tags,
        summary: 'Published FAQ articles, by sort then id, newest first',
        querystring: FaqListQuery,
        response: ok(Page(FaqSchema)),
      },
    },
    async (req, reply) => {
      const page = await faq.listPublished(req.appId, parsePage(req.query), req.query);
      // Cached pages are the same object until invalidated: serialise each once.
      let text = serialized.get(page);
      if (text === undefined) {
        text = JSON.stringify(success(page));
        serialized.set(page, text);
      }
      // A string is sent as it is (the schema still documents its shape).
      return reply.type('application/json; charset=utf-8').send(text as never);
    },
  );

  app.get(
    '/api/faq/:id',
    { schema: { tags, summary: 'One published FAQ article', params: IdParam, response: ok(FaqSchema) } },
    async (req) => success(toFaqView(await faq.getPublished(req.appId, Number(req.params.id)), time)),
  );
};
