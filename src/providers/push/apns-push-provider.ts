/**
 * Apple Push Notification service over HTTP/2 with token authentication (SPEC §8): one
 * POST /3/device/<token> per device, many in flight on one session per (server, team) —
 * a connection carries one team's provider tokens.
 */
import type { Clock } from '../../platform/clock.js';
import { systemClock } from '../../platform/clock.js';
import { apnsOutcome } from './apns-errors.js';
import { ApnsProviderTokens, type ApnsKey } from './apns-provider-token.js';
import { DEFAULT_FANOUT, fanOut, type DeviceOutcome, type FanoutOptions } from './device-fanout.js';
import { Http2Client, splitBaseUrl } from './http2-client.js';
import type { PushBatch, PushContext, PushProvider, PushResult } from './push-provider.js';
import { PushConfigurationError } from './push-provider.js';

export const APNS_PRODUCTION_URL = 'https://api.push.apple.com';
export const APNS_SANDBOX_URL = 'https://api.sandbox.push.apple.com';
/** Apple's limit for a regular (non-VoIP) notification's JSON payload, in bytes. */
export const APNS_MAX_PAYLOAD_BYTES = 4096;
/** How long APNs keeps trying an offline device. */
const EXPIRATION_S = 24 * 3600;

export interface ApnsOptions {
  timeoutMs: number;
  clock?: Clock;
  fanout?: Partial<FanoutOptions>;
}

interface ApnsSettings extends ApnsKey {
  bundle_id: string;
  origin: string;
  prefix: string;
}

export class ApnsPushProvider implements PushProvider {
  readonly name = 'apns';
  readonly maxBatch: number = 500;
  private readonly http: Http2Client;
  private readonly tokens: ApnsProviderTokens;
  private readonly clock: Clock;
  private readonly fanout: FanoutOptions;

  constructor(options: ApnsOptions) {
    this.clock = options.clock ?? systemClock;
    this.http = new Http2Client(options.timeoutMs);
    this.tokens = new ApnsProviderTokens(this.clock);
    this.fanout = { ...DEFAULT_FANOUT, ...options.fanout };
  }

  async send(batch: PushBatch, context: PushContext): Promise<PushResult> {
    const s = readSettings(context.settings.apns);
    const payload = JSON.stringify({ ...withoutAps(batch.extras), aps: { alert: { title: batch.title, body: batch.body } } });
    // The same payload goes to every device: over Apple's limit, none is sent.
    if (Buffer.byteLength(payload) > APNS_MAX_PAYLOAD_BYTES) return { invalid: [], failed: [...batch.clientIds] };
    const session = `${s.origin}\u0000${s.team_id}`;
    const expiration = String(Math.floor(this.clock.now() / 1000) + EXPIRATION_S);
    let token = await this.tokens.get(s);
    const sendOne = async (device: string): Promise<DeviceOutcome> => {
      const used = token;
      try {
        const res = await this.http.request(
          session,
          s.origin,
          {
            ':method': 'POST',
            ':path': `${s.prefix}/3/device/${encodeURIComponent(device)}`,
            authorization: `bearer ${used}`,
            'apns-topic': s.bundle_id,
            'apns-push-type': 'alert',
            'apns-priority': '10',
            'apns-expiration': expiration,
            'content-type': 'application/json',
          },
          payload,
        );
        const outcome = apnsOutcome(res.status, res.headers, res.body);
        if (outcome.kind === 'renew') this.tokens.invalidate(s, used);
        return outcome;
      } catch (err) {
        return { kind: 'retry', reason: `APNs unreachable: ${(err as Error).message}` };
      }
    };
    const renew = () => {
      token = '';
    };
    return fanOut(
      batch.clientIds,
      async (device) => {
        // After ExpiredProviderToken the token is minted again, once, before the resend.
        if (token === '') token = await this.tokens.get(s);
        return sendOne(device);
      },
      renew,
      this.fanout,
    );
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

function readSettings(raw: Record<string, unknown> | undefined): ApnsSettings {
  if (!raw) throw new PushConfigurationError('the app has no apns settings');
  const text = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : undefined);
  const team_id = text('team_id');
  const key_id = text('key_id');
  const private_key = text('private_key');
  const bundle_id = text('bundle_id');
  if (!team_id || !key_id || !private_key || !bundle_id) {
    throw new PushConfigurationError('apns needs team_id, key_id, private_key and bundle_id');
  }
  const base = text('base_url') ?? (raw.production === false ? APNS_SANDBOX_URL : APNS_PRODUCTION_URL);
  return { team_id, key_id, private_key, bundle_id, ...splitBaseUrl('apns', base) };
}

/** Custom data sits beside `aps`, which stays ours. */
function withoutAps(extras: Record<string, string> | undefined): Record<string, string> {
  if (!extras) return {};
  const { aps: _ignored, ...rest } = extras;
  return rest;
}
