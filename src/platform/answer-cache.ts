/**
 * Envelope bytes kept per source object (a cached user row, a cached FAQ page): serialised
 * once with the route's own response schema and encoded once, then sent as they are. Kept as
 * text, the body was measured by Fastify (Buffer.byteLength) and UTF-8 encoded again by Node
 * on every answer; a FAQ page is a few kilobytes. Keyed weakly by the object,
 * so an answer lives exactly as long as what it was made from; caches hand out a new object
 * whenever the data changes, so a kept answer is never stale.
 */
import type { FastifyReply } from 'fastify';

export class AnswerCache<K extends object> {
  private readonly bodies = new WeakMap<K, Buffer>();

  send(reply: FastifyReply, source: K, build: () => unknown): void {
    let body = this.bodies.get(source);
    if (body === undefined) {
      // The route's serializer for 200: only what the schema declares goes out.
      body = Buffer.from(reply.serialize(build()) as string, 'utf8');
      this.bodies.set(source, body);
    }
    void reply.type('application/json; charset=utf-8').send(body);
  }
}
