/** Sends an e-mail. Any failure is thrown as AppError 10014. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface EmailSender {
  readonly name: string;
  send(message: EmailMessage): Promise<void>;
  close?(): void;
}
