/** Builds the configured SMS and e-mail senders. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { EmailSender } from './email/email-sender.js';
import { LogEmailSender } from './email/log-email-sender.js';
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

/** Async: nodemailer is loaded only when SMTP is configured. */
export async function createEmailSender(config: Config, logger: Logger): Promise<EmailSender> {
  switch (config.emailProvider) {
    case 'log':
      return new LogEmailSender(logger);
    case 'smtp': {
      const { SmtpEmailSender } = await import('./email/smtp-email-sender.js');
      return new SmtpEmailSender(config.smtpUrl ?? '', config.emailFrom, config.emailTimeoutMs);
    }
  }
}
