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
      // Certificates are verified for smtps:// and STARTTLS alike: an unverified upgrade is
      // open to whoever sits on the path. A relay with a self-signed certificate is opted
      // out explicitly with ?tls_verify=false (trusting its CA via NODE_EXTRA_CA_CERTS is better).
      tls: { rejectUnauthorized: url.searchParams.get('tls_verify') !== 'false' },
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
