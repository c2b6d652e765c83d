/**
 * Getui (个推) REST v2, a list push by cid: each batch creates its message
 * (POST /push/list/message → taskid), then sends that task to at most 1000 cids
 * (POST /push/list/cid, synchronous so that Getui answers per cid).
 *
 * extras: Android gets a Getui notification whose click opens the app with the extras as
 * its `payload` (click_type "payload"; "startapp" without extras). iOS devices are reached
 * through APNs (push_channel.ios, the extras as the APNs `payload` key) and, while the app
 * runs, Getui's own channel as a transmission of {title, body, extras}.
 */
import { randomUUID } from 'node:crypto';
import { GetuiClient, GetuiCode, getuiCredentialsOf, type GetuiAnswer, type GetuiCredentials } from './getui-client.js';
import { probeOneByOne, type ProbeOutcome } from './probe-dead-ids.js';
import { fitBodyInJson, fitChars } from './text-fit.js';
import type { PushBatch, PushContext, PushProvider, PushResult } from './push-provider.js';

/** How long Getui keeps a push for an offline device. */
const TTL_MS = 24 * 60 * 60_000;
/** Getui's notification limits (its SDK: title ≤ 50, body ≤ 256 characters). */
const TITLE_MAX_CHARS = 50;
const BODY_MAX_CHARS = 256;
/** APNs takes 4096 bytes; room is left for what Getui adds to the payload. */
const IOS_MAX_BYTES = 3584;

export class GetuiPushProvider implements PushProvider {
  readonly name = 'getui';
  readonly maxBatch: number = 1000;
  private readonly client: GetuiClient;

  constructor(timeoutMs: number, now?: () => number) {
    this.client = new GetuiClient(timeoutMs, now);
  }

  async send(batch: PushBatch, context: PushContext): Promise<PushResult> {
    const creds = getuiCredentialsOf(context.settings);
    const created = await this.client.call(creds, '/push/list/message', messageOf(batch));
    const taskid = (created.data as { taskid?: unknown } | undefined)?.taskid;
    if (created.code !== GetuiCode.Ok || typeof taskid !== 'string') throw refused('/push/list/message', created);
    const answer = await this.pushTo(creds, taskid, batch.clientIds);
    if (answer.code === GetuiCode.Ok) return resultOf(answer, taskid, batch.clientIds);
    if (!isDeadTarget(answer)) throw refused('/push/list/cid', answer);
    if (batch.clientIds.length === 1) return { invalid: batch.clientIds, failed: [] };
    // The task can be sent again (Getui: a taskid may be used many times), one cid at a time.
    return probeOneByOne(batch.clientIds, async (cid): Promise<ProbeOutcome> => {
      const one = await this.pushTo(creds, taskid, [cid]);
      if (one.code === GetuiCode.Ok) return resultOf(one, taskid, [cid]).failed.length > 0 ? 'failed' : 'sent';
      return isDeadTarget(one) ? 'dead' : 'failed';
    });
  }

  private pushTo(creds: GetuiCredentials, taskid: string, cids: string[]): Promise<GetuiAnswer> {
    return this.client.call(creds, '/push/list/cid', { audience: { cid: cids }, taskid, is_async: false });
  }
}

function messageOf(batch: PushBatch) {
  const extras = batch.extras ?? {};
  const payload = Object.keys(extras).length > 0 ? JSON.stringify(extras) : undefined;
  // request_id: 10 to 32 characters, unique per request (Getui drops a repeated one).
  const base = { request_id: randomUUID().replace(/-/g, ''), settings: { ttl: TTL_MS } };
  if (batch.clientType === 'android') {
    return {
      ...base,
      push_message: {
        notification: {
          title: fitChars(batch.title, TITLE_MAX_CHARS),
          body: fitChars(batch.body, BODY_MAX_CHARS),
          click_type: payload === undefined ? 'startapp' : 'payload',
          ...(payload === undefined ? {} : { payload }),
        },
      },
    };
  }
  const ios = (body: string) => ({
    type: 'notify',
    aps: { alert: { title: batch.title, body }, 'content-available': 0 },
    ...(payload === undefined ? {} : { payload }),
  });
  return {
    ...base,
    push_message: { transmission: JSON.stringify({ title: batch.title, body: batch.body, extras }) },
    push_channel: { ios: ios(fitBodyInJson(batch.body, IOS_MAX_BYTES, ios)) },
  };
}

/** 20001 "target user is invalid": no cid of the audience is a device of this app. */
function isDeadTarget(a: GetuiAnswer): boolean {
  return a.code === GetuiCode.BadParameter && /target user is invalid/i.test(a.msg);
}

/**
 * data: {taskid: {cid: status}}. A cid answered with a status other than successed_*
 * (successed_online, successed_offline, successed_ignore) is counted failed; a cid the
 * answer leaves out was accepted with the task.
 */
function resultOf(a: GetuiAnswer, taskid: string, cids: string[]): PushResult {
  const data = a.data as Record<string, unknown> | undefined;
  const statuses = (data?.[taskid] ?? {}) as Record<string, unknown>;
  const failed = cids.filter((cid) => {
    const status = statuses[cid];
    return typeof status === 'string' && !status.startsWith('successed');
  });
  return { invalid: [], failed };
}

function refused(path: string, a: GetuiAnswer): Error {
  return new Error(`Getui ${path} refused the push (${a.code} ${a.msg})`);
}
