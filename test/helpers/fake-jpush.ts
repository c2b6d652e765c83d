/**
 * A local JPush REST v3 server: POST /v3/push with basic auth (app_key:master_secret,
 * else 401 / 1004); at most 1000 registration ids; 1011 when none of them is a live device.
 */
import type { ServerResponse } from 'node:http';
import { startReceiver, type Received, type Receiver } from './receiver.js';

type Override = (req: Received, res: ServerResponse) => boolean;

export class FakeJpush {
  readonly pushes: Received[] = [];
  readonly dead = new Set<string>();
  private overrides: Override[] = [];
  private seq = 0;

  private constructor(
    private readonly receiver: Receiver,
    readonly appKey: string,
    readonly masterSecret: string,
  ) {}

  static async start(appKey: string, masterSecret: string): Promise<FakeJpush> {
    const receiver = await startReceiver();
    const fake = new FakeJpush(receiver, appKey, masterSecret);
    receiver.respond((req, res) => fake.handle(req, res));
    return fake;
  }

  get baseUrl(): string {
    return this.receiver.url.replace(/\/$/, '');
  }

  /** The next request is answered by `fn` when it returns true. */
  override(fn: Override): void {
    this.overrides.push(fn);
  }

  reset(): void {
    this.pushes.length = 0;
    this.overrides = [];
    this.receiver.requests.length = 0;
  }

  close(): Promise<void> {
    return this.receiver.close();
  }

  private handle(req: Received, res: ServerResponse): void {
    const send = (status: number, body: object, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    if (req.method !== 'POST' || req.url !== '/v3/push') return void send(404, { error: { code: 1001, message: 'not found' } });
    this.pushes.push(req);
    for (const o of [...this.overrides]) {
      if (o(req, res)) {
        this.overrides.splice(this.overrides.indexOf(o), 1);
        return;
      }
    }
    const expected = `Basic ${Buffer.from(`${this.appKey}:${this.masterSecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return void send(401, { error: { code: 1004, message: 'Authen failed' } });
    const ids = (req.body as { audience?: { registration_id?: string[] } }).audience?.registration_id ?? [];
    if (ids.length === 0 || ids.length > 1000) return void send(400, { error: { code: 1003, message: 'audience value invalid' } });
    if (ids.every((id) => this.dead.has(id)))
      return void send(400, {
        error: { code: 1011, message: 'cannot find user by this audience or has been inactive for more than 255 days' },
      });
    send(
      200,
      { sendno: String((req.body as { options?: { sendno?: number } }).options?.sendno ?? 0), msg_id: String(++this.seq) },
      {
        'x-rate-limit-quota': '600',
        'x-rate-limit-remaining': '599',
        'x-rate-limit-reset': '60',
      },
    );
  }
}
