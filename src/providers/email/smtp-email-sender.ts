/** Sends through SMTP_URL with nodemailer (pooled connections, bounded timeouts). */
import nodemailer, { type Transporter } from 'nodemailer';
import { AppError, ErrorCode } from '../../platform/errors.js';
import type { EmailMessage, EmailSender } from './email-sender.js';

export class SmtpEmailSender implements EmailSender {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    const url = new URL(smtpUrl);
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // Local and private relays often run without a certificate; STARTTLS stays opportunistic.
      tls: { rejectUnauthorized: url.searchParams.get('tls_verify') !== 'false' && url.protocol === 'smtps:' },
    });
  }

  async send(message: EmailMessage): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
    } catch (err) {
      throw new AppError(ErrorCode.EmailUnavailable, `smtp send failed: ${(err as Error).message}`);
    }
  }

  close(): void {
    this.transport.close();
  }
}
