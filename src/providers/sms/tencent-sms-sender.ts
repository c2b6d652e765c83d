/**
 * Tencent Cloud SMS: SendSms (API 3.0, version 2021-01-11), a JSON POST signed with
 * TC3-HMAC-SHA256 over content-type and host. The template's one parameter is the code.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Static } from 'typebox';
import type { Logger } from 'pino';
import { ErrorCode } from '../../platform/errors.js';
import type { TencentSmsSettings } from './sms-credentials.js';
import { callProvider, e164, smsFailure, unreadableAnswer } from './sms-http.js';
import type { SmsMessage, SmsSender } from './sms-sender.js';

export type TencentSettings = Static<typeof TencentSmsSettings>;

const DEFAULT_ENDPOINT = 'https://sms.tencentcloudapi.com';
const DEFAULT_REGION = 'ap-guangzhou';
const SERVICE = 'sms';
const CONTENT_TYPE = 'application/json; charset=utf-8';
const OUT_OF_CREDIT = 'FailedOperation.InsufficientBalanceInSmsPackage';

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

interface TencentError {
  Code?: string;
  Message?: string;
}

interface TencentAnswer {
  Response?: {
    Error?: TencentError;
    SendStatusSet?: (TencentError & { PhoneNumber?: string })[];
    RequestId?: string;
  };
}

export class TencentSmsSender implements SmsSender {
  readonly name = 'tencent';
  constructor(
    private readonly settings: TencentSettings,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** The Authorization header for `payload` at `timestamp` (seconds), sent to `url`. */
  private authorization(url: URL, payload: string, timestamp: number): string {
    const s = this.settings;
    const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const scope = `${date}/${SERVICE}/tc3_request`;
    // The host as the request carries it (with a port only when not the scheme's default).
    const canonicalRequest = [
      'POST',
      url.pathname,
      '',
      `content-type:${CONTENT_TYPE}\nhost:${url.host}\n`,
      'content-type;host',
      sha256Hex(payload),
    ].join('\n');
    const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
    const signingKey = hmac(hmac(hmac(`TC3${s.secret_key}`, date), SERVICE), 'tc3_request');
    const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
    return `TC3-HMAC-SHA256 Credential=${s.secret_id}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
  }

  async send(message: SmsMessage): Promise<void> {
    const s = this.settings;
    const url = new URL(s.endpoint ?? DEFAULT_ENDPOINT);
    const payload = JSON.stringify({
      PhoneNumberSet: [e164(message.area, message.phone)],
      SmsSdkAppId: s.sdk_app_id,
      SignName: s.sign_name,
      TemplateId: s.template_id,
      TemplateParamSet: [message.code],
    });
    // The real time, not the app's clock: Tencent refuses signatures more than 5 minutes off.
    const timestamp = Math.floor(Date.now() / 1000);
    const context = { provider: this.name, appId: message.appId };
    const answer = await callProvider(
      this.logger,
      context,
      url.href,
      {
        method: 'POST',
        headers: {
          authorization: this.authorization(url, payload, timestamp),
          'content-type': CONTENT_TYPE,
          'x-tc-action': 'SendSms',
          'x-tc-version': '2021-01-11',
          'x-tc-timestamp': String(timestamp),
          'x-tc-region': s.region ?? DEFAULT_REGION,
        },
        body: payload,
      },
      this.timeoutMs,
    );
    const response = (answer.json as TencentAnswer | undefined)?.Response;
    if (!response) throw unreadableAnswer(this.logger, context, answer.status);
    // The request's own error, else the one number's status: both can say "out of credit".
    const refusal = response.Error ?? (response.SendStatusSet?.[0]?.Code === 'Ok' ? undefined : (response.SendStatusSet?.[0] ?? {}));
    if (!refusal) return;
    const code = refusal.Code ?? '';
    const failure = { ...context, providerCode: code || 'no status', providerMessage: refusal.Message, requestId: response.RequestId };
    if (code === OUT_OF_CREDIT) throw smsFailure(this.logger, ErrorCode.SmsNoCredit, failure);
    if (code.startsWith('AuthFailure')) throw smsFailure(this.logger, ErrorCode.SmsUnavailable, failure);
    throw smsFailure(this.logger, ErrorCode.SmsProviderError, failure);
  }
}
