/** Sends a verification text. Failures are thrown as AppError 10011, 10012 or 10013. */
export interface SmsMessage {
  appId: string;
  area: string;
  phone: string;
  code: string;
  text: string;
}

export interface SmsSender {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
  close?(): Promise<void> | void;
}
