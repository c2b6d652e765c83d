/**
 * Envelope text kept per source object (a cached user row, a cached FAQ page): serialised
 * once with the route's own response schema, then sent as it is. Keyed weakly by the object,
 * so an answer lives exactly as long as what it was made from; caches hand out a new object
 * whenever the data changes, so a kept answer is never stale.
 */
import type { FastifyReply } from 'fastify';

export class AnswerCache<K extends object> {
  private readonly texts = new WeakMap<K, string>();

  send(reply: FastifyReply, source: K, build: () => unknown): void {
    let text = this.texts.get(source);
    if (text === undefined) {
      // The route's serializer for 200: only what the schema declares goes out.
      text = reply.serialize(build()) as string;
      this.texts.set(source, text);
    }
    void reply.type('application/json; charset=utf-8').send(text);
  }
}
