/**
 * POSTs each text as JSON to SMS_WEBHOOK_URL, for teams that bridge to their own SMS
 * gateway. The answer maps to the contract: 2xx sent, 402 out of credit (10011), other HTTP
 * errors 10012, no connection or no answer in time 10013.
 */
import { AppError, ErrorCode } from '../../platform/errors.js';
import { httpRequest, type HttpAnswer } from '../../platform/http-client.js';
import type { SmsMessage, SmsSender } from './sms-sender.js';

export class WebhookSmsSender implements SmsSender {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    let res: HttpAnswer;
    try {
      res = await httpRequest(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: message.appId, area: message.area, phone: message.phone, code: message.code, text: message.text }),
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      throw new AppError(ErrorCode.SmsUnavailable, `sms webhook unreachable: ${(err as Error).message}`);
    }
    if (res.ok) return;
    if (res.status === 402) throw new AppError(ErrorCode.SmsNoCredit, 'sms webhook answered 402');
    throw new AppError(ErrorCode.SmsProviderError, `sms webhook answered ${res.status}`);
  }
}
