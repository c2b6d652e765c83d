/**
 * The framework's floor: Fastify with one route answering the raw server's envelope through
 * a response schema, no hooks, no logger. Measured against the raw server in the same run,
 * it shows how much of appdesk's distance from raw is Fastify's own.
 */
import Fastify from 'fastify';

const body = { code: 0, message: 'success', data: { id: 1, nickname: 'baseline', gender: 2 } };
const app = Fastify({ logger: false });
app.get(
  '/',
  {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: {
            code: { type: 'integer' },
            message: { type: 'string' },
            data: { type: 'object', properties: { id: { type: 'integer' }, nickname: { type: 'string' }, gender: { type: 'integer' } } },
          },
        },
      },
    },
  },
  () => body,
);
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
