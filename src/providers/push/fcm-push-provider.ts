/**
 * Firebase Cloud Messaging, HTTP v1 API (SPEC §8): one messages:send request per device
 * (there is no batch call any more), many in flight on one HTTP/2 session, authorised by
 * an OAuth2 access token of the app's service account (fcm-access-token.ts).
 */
import type { Clock } from '../../platform/clock.js';
import { systemClock } from '../../platform/clock.js';
import { DEFAULT_FANOUT, fanOut, type DeviceOutcome, type FanoutOptions } from './device-fanout.js';
import { FcmAccessTokens, parseServiceAccount } from './fcm-access-token.js';
import { fcmOutcome } from './fcm-errors.js';
import { Http2Client, splitBaseUrl } from './http2-client.js';
import type { PushBatch, PushContext, PushProvider, PushResult } from './push-provider.js';
import { PushConfigurationError } from './push-provider.js';

export const FCM_BASE_URL = 'https://fcm.googleapis.com';

export interface FcmOptions {
  timeoutMs: number;
  clock?: Clock;
  fanout?: Partial<FanoutOptions>;
}

export class FcmPushProvider implements PushProvider {
  readonly name = 'fcm';
  readonly maxBatch: number = 500;
  private readonly http: Http2Client;
  private readonly tokens: FcmAccessTokens;
  private readonly fanout: FanoutOptions;

  constructor(options: FcmOptions) {
    this.http = new Http2Client(options.timeoutMs);
    this.tokens = new FcmAccessTokens(options.clock ?? systemClock, options.timeoutMs);
    this.fanout = { ...DEFAULT_FANOUT, ...options.fanout };
  }

  async send(batch: PushBatch, context: PushContext): Promise<PushResult> {
    const settings = context.settings.fcm;
    if (!settings) throw new PushConfigurationError(`app "${batch.appId}" has no fcm settings`);
    const account = parseServiceAccount(settings.service_account);
    const { origin, prefix } = splitBaseUrl('fcm', typeof settings.base_url === 'string' ? settings.base_url : FCM_BASE_URL);
    const path = `${prefix}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
    const notification = { title: batch.title, body: batch.body };
    const data = batch.extras && Object.keys(batch.extras).length > 0 ? batch.extras : undefined;
    const sendOne = async (token: string): Promise<DeviceOutcome> => {
      let accessToken: string;
      try {
        accessToken = await this.tokens.get(account);
      } catch (err) {
        return exchangeOutcome(err);
      }
      const body = JSON.stringify({ message: { token, notification, ...(data ? { data } : {}) } });
      try {
        const res = await this.http.request(
          origin,
          origin,
          {
            ':method': 'POST',
            ':path': path,
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json; charset=utf-8',
          },
          body,
        );
        return fcmOutcome(res.status, res.headers, res.body);
      } catch (err) {
        return { kind: 'retry', reason: `FCM unreachable: ${(err as Error).message}` };
      }
    };
    // The exchange is tried before the fan-out, so that a refused account fails the batch
    // with the token endpoint's own answer and a down endpoint is retried by the delivery.
    await this.tokens.get(account);
    return fanOut(batch.clientIds, sendOne, () => this.tokens.invalidate(account), this.fanout);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

function exchangeOutcome(err: unknown): DeviceOutcome {
  const reason = (err as Error).message;
  return err instanceof PushConfigurationError ? { kind: 'config', reason } : { kind: 'retry', reason };
}
