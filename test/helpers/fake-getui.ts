/**
 * A local Getui REST v2 server speaking the real wire protocol, for the adapter's tests:
 * POST /v2/{appId}/auth checks the sign (sha256 of appkey + timestamp + mastersecret) and
 * issues tokens; every other call needs a live token in the `token` header (else 10001).
 * /push/list/message answers a taskid; /push/list/cid takes at most 1000 cids of a known
 * task and answers 20001 "target user is invalid" when none of them is a live device.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startReceiver, type Received, type Receiver } from './receiver.js';

export interface GetuiCreds {
  appId: string;
  appKey: string;
  masterSecret: string;
}

type Override = (req: Received, res: ServerResponse) => boolean;

export class FakeGetui {
  readonly auths: Received[] = [];
  readonly calls: Received[] = [];
  readonly tasks = new Map<string, unknown>();
  readonly dead = new Set<string>();
  private readonly live = new Set<string>();
  private seq = 0;
  private tokenSeq = 0;
  private overrides: Override[] = [];

  private constructor(
    private readonly receiver: Receiver,
    readonly creds: GetuiCreds,
  ) {}

  static async start(creds: GetuiCreds): Promise<FakeGetui> {
    const receiver = await startReceiver();
    const fake = new FakeGetui(receiver, creds);
    receiver.respond((req, res) => fake.handle(req, res));
    return fake;
  }

  /** The base_url an app configures: {base}/{appId}/... is where requests go. */
  get baseUrl(): string {
    return `${this.receiver.url}v2`;
  }

  /** Every token issued so far stops working (Getui answers 10001). */
  expireTokens(): void {
    this.live.clear();
  }

  /** The next requests are answered by `fn` while it returns true. */
  override(fn: Override): void {
    this.overrides.push(fn);
  }

  reset(): void {
    this.auths.length = 0;
    this.calls.length = 0;
    this.overrides = [];
    this.receiver.requests.length = 0;
  }

  close(): Promise<void> {
    return this.receiver.close();
  }

  private handle(req: Received, res: ServerResponse): void {
    const prefix = `/v2/${this.creds.appId}`;
    const send = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST' || !req.url.startsWith(`${prefix}/`)) return void send(404, { code: 404, msg: 'url error' });
    const path = req.url.slice(prefix.length);
    for (const o of [...this.overrides]) {
      if (o(req, res)) {
        this.overrides.splice(this.overrides.indexOf(o), 1);
        (path === '/auth' ? this.auths : this.calls).push(req);
        return;
      }
    }
    if (path === '/auth') {
      this.auths.push(req);
      const { sign, timestamp, appkey } = req.body as { sign: string; timestamp: string; appkey: string };
      const expected = createHash('sha256').update(`${this.creds.appKey}${timestamp}${this.creds.masterSecret}`).digest('hex');
      if (appkey !== this.creds.appKey || sign !== expected) return void send(400, { code: 20001, msg: 'sign is invalid' });
      const token = `token-${++this.tokenSeq}`;
      this.live.add(token);
      return void send(200, { code: 0, msg: 'success', data: { expire_time: String(Date.now() + 86_400_000), token } });
    }
    this.calls.push(req);
    if (!this.live.has(String(req.headers.token))) return void send(401, { code: 10001, msg: 'token expired' });
    if (path === '/push/list/message') {
      const taskid = `RASL-${++this.seq}`;
      this.tasks.set(taskid, req.body);
      return void send(200, { code: 0, msg: '', data: { taskid } });
    }
    if (path === '/push/list/cid') {
      const { audience, taskid } = req.body as { audience: { cid: string[] }; taskid: string };
      if (!this.tasks.has(taskid)) return void send(400, { code: 20001, msg: 'taskid is invalid' });
      if (audience.cid.length > 1000) return void send(400, { code: 20001, msg: 'cid size over limit' });
      const live = audience.cid.filter((c) => !this.dead.has(c));
      if (live.length === 0) return void send(400, { code: 20001, msg: 'target user is invalid' });
      return void send(200, { code: 0, msg: '', data: { [taskid]: Object.fromEntries(live.map((c) => [c, 'successed_online'])) } });
    }
    send(404, { code: 404, msg: 'url error' });
  }
}
