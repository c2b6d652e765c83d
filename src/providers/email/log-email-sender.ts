/** Development default: writes the mail (code included, on purpose) to the server log. */
import type { Logger } from 'pino';
import type { EmailMessage, EmailSender } from './email-sender.js';

export class LogEmailSender implements EmailSender {
  readonly name = 'log';
  constructor(private readonly logger: Logger) {}

  send(message: EmailMessage): Promise<void> {
    this.logger.info(
      { provider: 'email:log', to: message.to, subject: message.subject, text: message.text },
      'E-mail not sent (log provider)',
    );
    return Promise.resolve();
  }
}
