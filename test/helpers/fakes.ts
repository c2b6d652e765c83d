/** In-memory senders for tests that only need to read the code a user was sent. */
import type { EmailMessage, EmailSender } from '../../src/providers/email/email-sender.js';
import type { SmsMessage, SmsSender } from '../../src/providers/sms/sms-sender.js';

export class CapturingSms implements SmsSender {
  readonly name = 'capture';
  readonly sent: SmsMessage[] = [];
  send(message: SmsMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
  lastCodeFor(phone: string): string {
    const m = [...this.sent].reverse().find((s) => s.phone === phone);
    if (!m) throw new Error(`no SMS sent to ${phone}`);
    return m.code;
  }
}

export class CapturingEmail implements EmailSender {
  readonly name = 'capture';
  readonly sent: EmailMessage[] = [];
  send(message: EmailMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
  lastCodeFor(to: string): string {
    const m = [...this.sent].reverse().find((s) => s.to === to);
    const code = m && /\b(\d{6})\b/.exec(m.text)?.[1];
    if (!code) throw new Error(`no e-mail with a code sent to ${to}`);
    return code;
  }
}
