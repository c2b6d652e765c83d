/**
 * GET /api/faq and /api/faq/{id}: public, published articles only. No `auth` on purpose: a
 * token, even an invalid one, is ignored here.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FaqService } from './faq.service.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { AnswerCache } from '../../platform/answer-cache.js';
import { parsePage } from '../../platform/pagination.js';
import { IdParam, ok, Page, PageQuery, success } from '../../platform/schemas.js';
import { FaqSchema, toFaqView } from './faq.view.js';
import { pathId } from '../../platform/ids.js';

export const FaqListQuery = Type.Object({
  ...PageQuery.properties,
  category: Type.Optional(Type.String({ maxLength: 64, description: 'exact category; empty means any' })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'title or content contains (case-insensitive)' })),
});

export interface FaqRoutesDeps {
  faq: FaqService;
  time: TimeFormatter;
}

export const faqRoutes: FastifyPluginAsyncTypebox<FaqRoutesDeps> = async (app, { faq, time }) => {
  const tags = ['faq'];
  // Cached pages are the same object until invalidated (faq.cache.ts).
  const answers = new AnswerCache<object>();

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
    (req, reply) => {
      const send = (page: object) => answers.send(reply, page, () => success(page));
      const page = faq.listPublished(req.appId, parsePage(req.query), req.query);
      // A cached page is answered at once, without a promise (the most read list of the API).
      if (page instanceof Promise) return page.then(send);
      send(page);
    },
  );

  app.get(
    '/api/faq/:id',
    { schema: { tags, summary: 'One published FAQ article', params: IdParam, response: ok(FaqSchema) } },
    async (req) => success(toFaqView(await faq.getPublished(req.appId, pathId(req.params.id)), time)),
  );
};
