/**
 * What one FCM HTTP v1 messages:send answer means for its device. Errors are
 * {error:{code, message, status, details:[{"@type": ".../google.firebase.fcm.v1.FcmError",
 * errorCode}, {"@type": ".../google.rpc.BadRequest", fieldViolations:[{field, description}]}]}}.
 */
import type { IncomingHttpHeaders } from 'node:http2';
import type { DeviceOutcome } from './device-fanout.js';
import { retryAfterMs } from './push-http.js';

interface FcmErrorBody {
  message?: string;
  status?: string;
  details?: { errorCode?: string; fieldViolations?: { field?: string; description?: string }[] }[];
}

export function fcmOutcome(status: number, headers: IncomingHttpHeaders, text: string): DeviceOutcome {
  if (status >= 200 && status < 300) return { kind: 'sent' };
  const error = parseError(text);
  const errorCode = error.details?.find((d) => typeof d.errorCode === 'string')?.errorCode ?? error.status ?? '';
  const reason = `FCM answered ${status} ${errorCode}${error.message ? `: ${error.message}` : ''}`;
  if (errorCode === 'UNREGISTERED' || status === 404) return { kind: 'invalid' };
  // The token was issued for another Firebase project: it can never be reached from this one.
  if (errorCode === 'SENDER_ID_MISMATCH') return { kind: 'invalid' };
  if (status === 400 && isBadToken(error)) return { kind: 'invalid' };
  if (status === 429 || status >= 500 || errorCode === 'QUOTA_EXCEEDED' || errorCode === 'UNAVAILABLE' || errorCode === 'INTERNAL') {
    return { kind: 'retry', reason, retryAfterMs: retryAfterMs(headers) };
  }
  // 401: our access token was refused (revoked or lapsed early); renewed once, then a
  // configuration error. 403 (PERMISSION_DENIED, THIRD_PARTY_AUTH_ERROR): the project's setup.
  if (status === 401) return { kind: 'renew', reason };
  if (status === 403 || errorCode === 'THIRD_PARTY_AUTH_ERROR') return { kind: 'config', reason };
  // Any other INVALID_ARGUMENT is our payload (too large, bad data key): that device fails.
  return { kind: 'failed', reason };
}

/** INVALID_ARGUMENT about the registration token itself, not about the rest of the message. */
function isBadToken(error: FcmErrorBody): boolean {
  const violations = error.details?.flatMap((d) => d.fieldViolations ?? []) ?? [];
  if (violations.some((v) => v.field === 'message.token')) return true;
  return /registration token/i.test(error.message ?? '');
}

function parseError(text: string): FcmErrorBody {
  try {
    const v = JSON.parse(text) as { error?: unknown };
    return typeof v.error === 'object' && v.error !== null ? v.error : {};
  } catch {
    return {};
  }
}
