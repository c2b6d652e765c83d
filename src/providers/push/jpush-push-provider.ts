/**
 * JPush (极光) REST v3: POST {base_url}/v3/push with HTTP basic auth
 * (app_key:master_secret), a registration_id audience of at most 1000 ids on the batch's
 * own platform, and a notification carrying the extras as the platform's `extras`.
 *
 * Answers (docs.jiguang.cn, REST API v3 push): 1011 "no target matches" is a dead device
 * when the audience was one id; for more ids it means none of them matched, and each is
 * then pushed alone (bounded, probe-dead-ids.ts) to find the dead ones. 1004 (HTTP 401),
 * 1008, 2003 and 2004 refuse the settings; 1000, 1030 and 5xx retry; 2002 / 429 retry
 * after X-Rate-Limit-Reset (seconds left in the window); 1003, 1005 and the rest fail.
 */
import type { ClientType } from '../../modules/push/push.model.js';
import type { PushSettings } from '../../modules/push/push-settings.js';
import { probeOneByOne, type ProbeOutcome } from './probe-dead-ids.js';
import { fitBodyInJson } from './text-fit.js';
import { baseUrlOf, postJson, requiredText, retryAfterMs, type JsonAnswer } from './push-http.js';
import {
  PushConfigurationError,
  RetryablePushError,
  type PushBatch,
  type PushContext,
  type PushProvider,
  type PushResult,
} from './push-provider.js';

export const JPUSH_DEFAULT_BASE_URL = 'https://api.jpush.cn';

/** How long JPush keeps a push for an offline device, in seconds (its default: one day). */
const TIME_TO_LIVE_S = 86_400;
/** JPush refuses (1005) an android notification over 4000 bytes and an "ios" object over 2000. */
const ANDROID_MAX_BYTES = 4000;
const IOS_MAX_BYTES = 2000;

const JpushCode = {
  ServerError: 1000,
  BadParameter: 1003,
  AuthFailed: 1004,
  BadAppKey: 1008,
  NoTarget: 1011,
  ServerTimeout: 1030,
  RateLimited: 2002,
  AppKeyBlocked: 2003,
  NotAllowed: 2004,
} as const;

const CONFIGURATION = new Set<number>([JpushCode.AuthFailed, JpushCode.BadAppKey, JpushCode.AppKeyBlocked, JpushCode.NotAllowed]);
const RETRY_LATER = new Set<number>([JpushCode.ServerError, JpushCode.ServerTimeout, JpushCode.RateLimited]);

interface JpushTarget {
  url: string;
  authorization: string;
}

export class JpushPushProvider implements PushProvider {
  readonly name = 'jpush';
  readonly maxBatch: number = 1000;
  constructor(private readonly timeoutMs: number) {}

  async send(batch: PushBatch, context: PushContext): Promise<PushResult> {
    const target = targetOf(context.settings);
    const outcome = await this.push(target, batch, batch.clientIds);
    if (outcome !== 'dead') return { invalid: [], failed: outcome === 'sent' ? [] : batch.clientIds };
    if (batch.clientIds.length === 1) return { invalid: batch.clientIds, failed: [] };
    return probeOneByOne(batch.clientIds, (id) => this.push(target, batch, [id]));
  }

  private async push(target: JpushTarget, batch: PushBatch, ids: string[]): Promise<ProbeOutcome> {
    const res = await postJson(target.url, { authorization: target.authorization }, bodyOf(batch, ids), this.timeoutMs, 'JPush');
    if (res.status >= 200 && res.status < 300) return 'sent';
    const { code, message } = errorOf(res);
    if (code === JpushCode.NoTarget) return 'dead';
    if (CONFIGURATION.has(code) || res.status === 401)
      throw new PushConfigurationError(`JPush refused the app settings (${res.status}, ${code} ${message})`);
    if (code === JpushCode.RateLimited || res.status === 429)
      throw new RetryablePushError(
        `JPush rate limit (${res.status}, ${code})`,
        retryAfterMs(res.headers, 'x-rate-limit-reset') ?? retryAfterMs(res.headers),
      );
    if (RETRY_LATER.has(code) || res.status >= 500)
      throw new RetryablePushError(`JPush answered ${res.status} (${code} ${message})`, retryAfterMs(res.headers));
    return 'failed';
  }
}

function targetOf(settings: PushSettings): JpushTarget {
  const section = settings.jpush;
  if (!section) throw new PushConfigurationError('push_config.jpush is not set');
  const appKey = requiredText(section, 'app_key', 'jpush');
  const masterSecret = requiredText(section, 'master_secret', 'jpush');
  return {
    url: `${baseUrlOf(section.base_url, JPUSH_DEFAULT_BASE_URL, 'jpush')}/v3/push`,
    authorization: `Basic ${Buffer.from(`${appKey}:${masterSecret}`, 'utf8').toString('base64')}`,
  };
}

function bodyOf(batch: PushBatch, ids: string[]) {
  const platform: ClientType = batch.clientType;
  const extras = batch.extras ?? {};
  // An empty alert hides an Android notification: the title stands in for a missing body.
  const android = (alert: string) => ({ alert, title: batch.title, extras });
  const ios = (body: string) => ({ alert: { title: batch.title, body }, sound: 'default', extras });
  const notification =
    platform === 'android'
      ? { android: android(fitBodyInJson(batch.body || batch.title, ANDROID_MAX_BYTES, android)) }
      : { ios: ios(fitBodyInJson(batch.body, IOS_MAX_BYTES, ios)) };
  return {
    platform: [platform],
    audience: { registration_id: ids },
    notification,
    // sendno (a non-zero int, row ids fit): echoed back, so JPush's records name our push.
    options: { sendno: batch.pushId, time_to_live: TIME_TO_LIVE_S },
  };
}

function errorOf(res: JsonAnswer): { code: number; message: string } {
  const error = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    code: typeof error?.code === 'number' ? error.code : -1,
    message: typeof error?.message === 'string' ? error.message : '',
  };
}
