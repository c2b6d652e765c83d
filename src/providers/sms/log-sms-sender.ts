/** Development default: writes the text (code included, on purpose) to the server log. */
import type { Logger } from 'pino';
import type { SmsMessage, SmsSender } from './sms-sender.js';

export class LogSmsSender implements SmsSender {
  readonly name = 'log';
  constructor(private readonly logger: Logger) {}

  send(message: SmsMessage): Promise<void> {
    this.logger.info(
      { provider: 'sms:log', app_id: message.appId, to: `+${message.area} ${message.phone}`, text: message.text },
      'SMS not sent (log provider)',
    );
    return Promise.resolve();
  }
}
