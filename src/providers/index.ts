/** Builds the configured SMS and e-mail senders. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { EmailSender } from './email/email-sender.js';
import { LogEmailSender } from './email/log-email-sender.js';
import { smsProviderDefinition } from './registry.js';
import type { SmsSender } from './sms/sms-sender.js';

/** The environment's SMS sender: the default app's, and every app's that sets nothing of its own. */
export function createSmsSender(config: Config, logger: Logger): SmsSender {
  const definition = smsProviderDefinition(config.smsProvider);
  if (!definition?.create) throw new Error(`SMS provider ${config.smsProvider} has no adapter in this build`);
  const settings = config.smsProvider === 'webhook' ? { webhook_url: config.smsWebhookUrl ?? '' } : config.smsSettings;
  return definition.create({ config, logger }, settings);
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
