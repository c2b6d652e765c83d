/**
 * Alibaba Cloud SMS: SendSms of dysmsapi (version 2017-05-25), RPC style, signed with the
 * AccessKey secret (signature version 1.0, HMAC-SHA1) and posted as a form, as Alibaba's own
 * RPC clients do. The template's variable is `code`.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { Logger } from 'pino';
import { ErrorCode } from '../../platform/errors.js';
import type { AliyunSmsSettings } from './sms-credentials.js';
import { callProvider, smsFailure, unreadableAnswer } from './sms-http.js';
import type { SmsMessage, SmsSender } from './sms-sender.js';

export type AliyunSettings = Static<typeof AliyunSmsSettings>;

const DEFAULT_ENDPOINT = 'https://dysmsapi.aliyuncs.com';

/**
 * RFC 3986 unreserved characters stay, everything else is %XY (space %20, "*" %2A), which
 * is what Alibaba's signature rules ask and encodeURIComponent alone does not give.
 */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Mainland numbers as their 11 digits; elsewhere country code and number, without "+". */
export function aliyunPhoneNumber(area: string, phone: string): string {
  return area === '86' ? phone : `${area}${phone}`;
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface AliyunAnswer {
  Code?: string;
  Message?: string;
  RequestId?: string;
}

export class AliyunSmsSender implements SmsSender {
  readonly name = 'aliyun';
  constructor(
    private readonly settings: AliyunSettings,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    const s = this.settings;
    const params: Record<string, string> = {
      AccessKeyId: s.access_key_id,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: aliyunPhoneNumber(message.area, message.phone),
      SignName: s.sign_name,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: s.template_code,
      TemplateParam: JSON.stringify({ code: message.code }),
      // The real time, not the app's clock: Alibaba refuses timestamps far from its own.
      Timestamp: timestamp(new Date()),
      Version: '2017-05-25',
    };
    const canonical = Object.keys(params)
      .sort()
      .map((k) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(params[k]!)}`)
      .join('&');
    const stringToSign = `POST&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`;
    const signature = createHmac('sha1', `${s.access_key_secret}&`).update(stringToSign, 'utf8').digest('base64');
    const context = { provider: this.name, appId: message.appId };
    const answer = await callProvider(
      this.logger,
      context,
      `${(s.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '')}/`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: `${canonical}&Signature=${aliyunPercentEncode(signature)}`,
      },
      this.timeoutMs,
    );
    const json = answer.json as AliyunAnswer | undefined;
    if (typeof json?.Code !== 'string') throw unreadableAnswer(this.logger, context, answer.status);
    if (json.Code === 'OK') return;
    const failure = {
      ...context,
      providerCode: json.Code,
      providerMessage: json.Message,
      requestId: json.RequestId,
      httpStatus: answer.status,
    };
    if (json.Code === 'isv.AMOUNT_NOT_ENOUGH') throw smsFailure(this.logger, ErrorCode.SmsNoCredit, failure);
    if (json.Code.startsWith('InvalidAccessKeyId') || json.Code === 'SignatureDoesNotMatch')
      throw smsFailure(this.logger, ErrorCode.SmsUnavailable, failure);
    throw smsFailure(this.logger, ErrorCode.SmsProviderError, failure);
  }
}
