/** Builds the configured SMS and e-mail senders. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { EmailSender } from './email/email-sender.js';
import { LogEmailSender } from './email/log-email-sender.js';
import { SmtpEmailSender } from './email/smtp-email-sender.js';
import { LogSmsSender } from './sms/log-sms-sender.js';
import type { SmsSender } from './sms/sms-sender.js';
import { WebhookSmsSender } from './sms/webhook-sms-sender.js';

export function createSmsSender(config: Config, logger: Logger): SmsSender {
  switch (config.smsProvider) {
    case 'log':
      return new LogSmsSender(logger);
    case 'webhook':
      return new WebhookSmsSender(config.smsWebhookUrl ?? '', config.smsTimeoutMs);
  }
}

export function createEmailSender(config: Config, logger: Logger): EmailSender {
  switch (config.emailProvider) {
    case 'log':
      return new LogEmailSender(logger);
    case 'smtp':
      return new SmtpEmailSender(config.smtpUrl ?? '', config.emailFrom, config.smsTimeoutMs);
  }
}
