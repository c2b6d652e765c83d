/**
 * Twilio: the Messages resource of API 2010-04-01, HTTP basic auth with the Account SID and
 * Auth Token, a form body. TWILIO_FROM is a sender number, or a Messaging Service SID (MG…)
 * that picks the sender itself.
 */
import type { Static } from 'typebox';
import type { Logger } from 'pino';
import { ErrorCode } from '../../platform/errors.js';
import type { TwilioSmsSettings } from './sms-credentials.js';
import { callProvider, e164, smsFailure, unreadableAnswer } from './sms-http.js';
import type { SmsMessage, SmsSender } from './sms-sender.js';

export type TwilioSettings = Static<typeof TwilioSmsSettings>;

const DEFAULT_BASE_URL = 'https://api.twilio.com';
const AUTHENTICATION_FAILED = 20003;
const ACCOUNT_NOT_ACTIVE = 20005;

interface TwilioAnswer {
  code?: number;
  message?: string;
  sid?: string;
}

export class TwilioSmsSender implements SmsSender {
  readonly name = 'twilio';
  constructor(
    private readonly settings: TwilioSettings,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    const s = this.settings;
    const form = new URLSearchParams({ To: e164(message.area, message.phone), Body: message.text });
    form.set(/^MG[0-9a-fA-F]{32}$/.test(s.from) ? 'MessagingServiceSid' : 'From', s.from);
    const base = (s.base_url ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const context = { provider: this.name, appId: message.appId };
    const answer = await callProvider(
      this.logger,
      context,
      `${base}/2010-04-01/Accounts/${encodeURIComponent(s.account_sid)}/Messages.json`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${s.account_sid}:${s.auth_token}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
      },
      this.timeoutMs,
    );
    if (answer.status >= 200 && answer.status < 300) return;
    const json = answer.json as TwilioAnswer | undefined;
    if (typeof json?.code !== 'number' && answer.status !== 401) throw unreadableAnswer(this.logger, context, answer.status);
    const failure = { ...context, providerCode: json?.code, providerMessage: json?.message, httpStatus: answer.status };
    if (json?.code === ACCOUNT_NOT_ACTIVE) throw smsFailure(this.logger, ErrorCode.SmsNoCredit, failure);
    if (json?.code === AUTHENTICATION_FAILED || answer.status === 401) throw smsFailure(this.logger, ErrorCode.SmsUnavailable, failure);
    throw smsFailure(this.logger, ErrorCode.SmsProviderError, failure);
  }
}
