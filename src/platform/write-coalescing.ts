/**
 * Answers leave together: a response's end (which writes its headers and body to the socket)
 * is held until the event loop has handled every request that was ready with it, then all of
 * them are written, in the order they ended. A write to a socket whose peer sleeps on the
 * same host (a reverse proxy, a sidecar, a load generator) wakes that peer: written one at a
 * time between requests, every answer paid a wake-up, while a peer woken by the first of a
 * burst reads the rest in the same pass. An answer waits at most for the other requests of
 * its turn of the loop; alone, for nothing.
 *
 * Only the write is held. To the code that ended it, the answer is ended at once:
 * `writeHead` builds the header block without writing (`headersSent` is true), and
 * `writableEnded` is true from the call to `end`. Fastify reads it (`reply.sent`) to stop a
 * request's lifecycle once a hook or handler has answered; `writableFinished` and 'finish'
 * still come with the write.
 */
import { ServerResponse, type IncomingMessage } from 'node:http';

let held: CoalescedResponse[] = [];
let args: unknown[] = [];

// After the poll phase: every socket that was ready has been read and its request handled.
function release(): void {
  const responses = held;
  const a = args;
  held = [];
  args = [];
  for (let i = 0; i < responses.length; i++) {
    responses[i]!.endNow(a[3 * i], a[3 * i + 1], a[3 * i + 2]);
  }
}

export class CoalescedResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  ending = false;

  // Node's overloads (end(), end(cb), end(chunk, cb), end(chunk, encoding, cb)) are told
  // apart by ServerResponse.end itself: the arguments are passed through as they came.
  override end(chunk?: unknown, encoding?: unknown, callback?: unknown): this {
    this.ending = true;
    if (held.push(this) === 1) setImmediate(release);
    args.push(chunk, encoding, callback);
    return this;
  }

  endNow(chunk: unknown, encoding: unknown, callback: unknown): void {
    super.end(chunk, encoding as BufferEncoding, callback as (() => void) | undefined);
  }
}

// Node declares writableEnded as a getter of OutgoingMessage (`this.finished`, which its own
// end() sets and checks, so it cannot be set early); TypeScript's types call it a property,
// so the override is defined here rather than in the class body.
// eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called with a response as `this`
const nodeWritableEnded = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(ServerResponse.prototype) as object, 'writableEnded')!.get!;
Object.defineProperty(CoalescedResponse.prototype, 'writableEnded', {
  configurable: true,
  get(this: CoalescedResponse): boolean {
    return this.ending || (nodeWritableEnded.call(this) as boolean);
  },
});
