/**
 * What the real SMS adapters share: one HTTP exchange under SMS_TIMEOUT_MS, where no usable
 * answer (refused, DNS, timed out, cut off) is 10013, and one way to report a failure: the
 * provider's own code and message go to the log, the client sees only the contract's code.
 */
import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../../platform/errors.js';
import { httpRequest, type HttpRequestError } from '../../platform/http-client.js';
import { parseJson } from '../../platform/json.js';

export interface ProviderAnswer {
  status: number;
  /** The parsed JSON body; undefined when there was none or it was not JSON (a proxy's page). */
  json: unknown;
}

export interface SmsFailure {
  provider: string;
  appId: string;
  providerCode?: string | number | undefined;
  providerMessage?: string | undefined;
  requestId?: string | undefined;
  httpStatus?: number | undefined;
}

/** Logs a failed send with everything the operator needs and answers the AppError to throw. */
export function smsFailure(logger: Logger, code: ErrorCode, failure: SmsFailure): AppError {
  logger.warn(
    {
      provider: `sms:${failure.provider}`,
      app_id: failure.appId,
      code,
      provider_code: failure.providerCode,
      provider_message: failure.providerMessage,
      request_id: failure.requestId,
      http_status: failure.httpStatus,
    },
    'SMS not sent',
  );
  return new AppError(code, `${failure.provider}: ${String(failure.providerCode ?? failure.httpStatus ?? 'no answer')}`);
}

export async function callProvider(
  logger: Logger,
  context: { provider: string; appId: string },
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<ProviderAnswer> {
  try {
    // The deadline covers the body too: a provider that stalls mid-answer is as unavailable.
    const res = await httpRequest(url, { ...init, timeoutMs });
    return { status: res.status, json: parseJson(res.text) };
  } catch (err) {
    const e = err as HttpRequestError;
    throw smsFailure(logger, ErrorCode.SmsUnavailable, { ...context, providerMessage: e.code ?? e.message });
  }
}

/** An answer that is not the provider's own JSON: its server failing is unavailability, anything else a refusal. */
export function unreadableAnswer(logger: Logger, context: { provider: string; appId: string }, status: number): AppError {
  return smsFailure(logger, status >= 500 ? ErrorCode.SmsUnavailable : ErrorCode.SmsProviderError, {
    ...context,
    httpStatus: status,
    providerMessage: 'answer without the provider’s JSON',
  });
}

/** E.164, as Tencent Cloud and Twilio take numbers: "+" country code, national significant number. */
export function e164(area: string, phone: string): string {
  return `+${area}${phone}`;
}
