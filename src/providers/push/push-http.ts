/**
 * One JSON POST to a push provider's REST API. Unreachable, refused and timed-out requests
 * are retryable (the provider may not have seen them); the answer body is parsed leniently
 * because error pages in front of the API (proxies, gateways) are not always JSON.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { headerText, httpRequest, type HttpAnswer } from '../../platform/http-client.js';
import { parseJson } from '../../platform/json.js';
import { isHttpUrl } from '../../platform/urls.js';
import { PushConfigurationError, RetryablePushError } from './push-provider.js';

export interface JsonAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed body; undefined when it was empty or not JSON. */
  body: unknown;
}

export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
  provider: string,
): Promise<JsonAnswer> {
  let res: HttpAnswer;
  try {
    res = await httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=utf-8', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      timeoutMs,
    });
  } catch (err) {
    throw new RetryablePushError(`${provider} unreachable: ${(err as Error).message}`);
  }
  return { status: res.status, headers: res.headers, body: parseJson(res.text) };
}

/**
 * Retry-After in seconds (the only form push providers send; not the HTTP-date form), as
 * milliseconds; 0 means at once. Undefined when absent or not a number.
 */
export function retryAfterMs(headers: IncomingHttpHeaders, name = 'retry-after'): number | undefined {
  const raw = headerText(headers, name);
  const seconds = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** An operator-set base URL: http(s) only, without a trailing slash. */
export function baseUrlOf(value: unknown, fallback: string, provider: string): string {
  const url = typeof value === 'string' && value !== '' ? value : fallback;
  if (!isHttpUrl(url)) throw new PushConfigurationError(`${provider} base_url is not an http(s) URL`);
  return url.replace(/\/+$/, '');
}

/** A required text setting of push_config[provider]. */
export function requiredText(section: Record<string, unknown>, key: string, provider: string): string {
  const v = section[key];
  if (typeof v !== 'string' || v.trim() === '') throw new PushConfigurationError(`push_config.${provider}.${key} is not set`);
  return v.trim();
}
