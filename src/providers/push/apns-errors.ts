/**
 * What one APNs answer means for its device: 200, or a status with {"reason": ...}.
 */
import type { IncomingHttpHeaders } from 'node:http2';
import type { DeviceOutcome } from './device-fanout.js';
import { retryAfterMs } from './push-http.js';

/** The device token is dead or belongs elsewhere: remove the binding. */
const DEAD_DEVICE = new Set(['Unregistered', 'BadDeviceToken', 'DeviceTokenNotForTopic', 'ExpiredToken']);
/** Our key, team or topic is refused: every device of the app would fail the same way. */
const CONFIGURATION = new Set([
  'InvalidProviderToken',
  'MissingProviderToken',
  'BadTopic',
  'TopicDisallowed',
  'MissingTopic',
  'BadCertificate',
  'BadCertificateEnvironment',
  'Forbidden',
]);

export function apnsOutcome(status: number, headers: IncomingHttpHeaders, text: string): DeviceOutcome {
  if (status === 200) return { kind: 'sent' };
  const reason = parseReason(text);
  const why = `APNs answered ${status} ${reason}`;
  if (status === 410 || DEAD_DEVICE.has(reason)) return { kind: 'invalid' };
  if (reason === 'ExpiredProviderToken') return { kind: 'renew', reason: why };
  if (CONFIGURATION.has(reason)) return { kind: 'config', reason: why };
  // TooManyRequests (one device too often), TooManyProviderTokenUpdates, InternalServerError,
  // ServiceUnavailable, Shutdown.
  if (status === 429 || status >= 500) return { kind: 'retry', reason: why, retryAfterMs: retryAfterMs(headers) };
  if (status === 403) return { kind: 'config', reason: why };
  return { kind: 'failed', reason: why };
}

function parseReason(text: string): string {
  try {
    const v = JSON.parse(text) as { reason?: unknown };
    return typeof v.reason === 'string' ? v.reason : '';
  } catch {
    return '';
  }
}
