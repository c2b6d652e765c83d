/**
 * POSTs each batch as JSON to the app's webhook (SPEC §5). A 2xx answer may list
 * {"invalid": [client_id, ...]}; 408, 429 and 5xx answers and network failures are retried.
 */
import { httpRequest, type HttpAnswer } from '../../platform/http-client.js';
import { retryAfterMs } from './push-http.js';
import type { PushBatch, PushContext, PushProvider, PushResult } from './push-provider.js';
import { RetryablePushError } from './push-provider.js';

export class WebhookPushProvider implements PushProvider {
  readonly name = 'webhook';
  readonly maxBatch: number = 1000;
  constructor(private readonly timeoutMs: number) {}

  async send(batch: PushBatch, context: PushContext): Promise<PushResult> {
    if (!context.webhookUrl) throw new Error(`app "${batch.appId}" has no push webhook_url`);
    let res: HttpAnswer;
    try {
      res = await httpRequest(context.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          app_id: batch.appId,
          push_id: batch.pushId,
          client_type: batch.clientType,
          client_ids: batch.clientIds,
          title: batch.title,
          body: batch.body,
          extras: batch.extras ?? {},
        }),
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      throw new RetryablePushError(`push webhook unreachable: ${(err as Error).message}`);
    }
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      throw new RetryablePushError(`push webhook answered ${res.status}`, retryAfterMs(res.headers));
    }
    if (!res.ok) throw new Error(`push webhook answered ${res.status}`);
    return { invalid: parseInvalid(res.text, batch.clientIds), failed: [] };
  }
}

function parseInvalid(text: string, sentIds: string[]): string[] {
  try {
    const body = JSON.parse(text) as { invalid?: unknown };
    if (!Array.isArray(body.invalid)) return [];
    const sent = new Set(sentIds);
    // Only ids of this batch: a receiver cannot remove bindings it was not sent.
    return body.invalid.filter((id): id is string => typeof id === 'string' && sent.has(id));
  } catch {
    return [];
  }
}
