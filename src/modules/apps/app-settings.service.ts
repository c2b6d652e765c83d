/**
 * The one owner of per-app configuration (push_config, sms_config): it alone validates what
 * operators send, restores secrets sent back masked, seals secrets for storage, opens them
 * for the senders and masks them for every answer and audit entry. What is secret comes
 * from the provider registry (secret-slots.ts).
 */
import type { Compile } from 'typebox/compile';
import type { Logger } from 'pino';
import { AppError, ErrorCode, invalidField } from '../../platform/errors.js';
import { isSealed, type SecretBox } from '../../platform/secret-box.js';
import { hasUrlCredentials, maskUrlCredentials } from '../../platform/url-credentials.js';
import { isHttpUrl } from '../../platform/urls.js';
import { SMS_PROVIDER_DEFINITIONS } from '../../providers/registry.js';
import type { PushSettings } from '../push/push-settings.js';
import type { AppRepository, StoredSettings } from './app.repository.js';
import { copySettings, parseSettings, secretSlots, type Settings, type SettingsKind, type Slot } from './secret-slots.js';
import { PushConfigSchema, smsConfigSchemaOf } from './settings-schemas.js';

export const SECRET_MASK = '********';

type Checker = ReturnType<typeof Compile>;
interface Checkers {
  push: Checker;
  sms: Map<string, Checker>;
}

/**
 * Compiled when an operator first writes settings: TypeBox's compiler and the checks cost
 * 3–4 MB of a server's resident memory, and most servers never change an app's settings.
 */
let checkers: Promise<Checkers> | undefined;
function loadCheckers(): Promise<Checkers> {
  checkers ??= import('typebox/compile').then(({ Compile }) => ({
    push: Compile(PushConfigSchema),
    sms: new Map(SMS_PROVIDER_DEFINITIONS.map((d) => [d.name, Compile(smsConfigSchemaOf(d.name, d.settings!))])),
  }));
  return checkers;
}

export interface SettingsInput {
  push_config?: unknown;
  sms_config?: unknown;
}

export interface SettingsView {
  push_config: Settings;
  sms_config: Settings;
}

function check(checker: Checker, value: unknown, kind: SettingsKind): void {
  if (checker.Check(value)) return;
  const first = [...checker.Errors(value)][0];
  const path = [kind, ...(first?.instancePath ?? '').split('/').filter(Boolean)].join('.');
  const missing = (first?.params as { requiredProperties?: string[] } | undefined)?.requiredProperties?.[0];
  if (first?.keyword === 'required' && missing) throw invalidField(`${path}.${missing}`, 'is required');
  if (first?.keyword === 'boolean') throw invalidField(path, 'unknown key');
  throw invalidField(path, first?.message ?? 'is invalid');
}

/** Drops what means "not set": empty provider names and URLs, null sections. */
function normalise(settings: Settings): Settings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== '' && v !== null && v !== undefined));
}

function slotAt(slots: Slot[], path: string): Slot | undefined {
  return slots.find((s) => s.path === path);
}

export class AppSettingsService {
  constructor(
    private readonly apps: AppRepository,
    private readonly box: SecretBox | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * Operator input → what to store. Each given config replaces the stored one whole; a
   * secret sent back as the mask keeps its stored value.
   */
  async prepare(appId: string, input: SettingsInput, stored: StoredSettings | undefined): Promise<Partial<StoredSettings>> {
    const out: Partial<StoredSettings> = {};
    for (const kind of ['push_config', 'sms_config'] as const) {
      const value = input[kind];
      if (value === undefined) continue;
      const settings = this.validate(await loadCheckers(), kind, value);
      const previous = this.open(appId, kind, parseSettings(stored?.[kind] ?? '{}'), 'keep-sealed');
      this.restoreMasked(kind, settings, previous);
      out[kind] = JSON.stringify(this.seal(appId, kind, settings));
    }
    return out;
  }

  /** Stored settings as answers and audit entries show them: every secret masked. */
  view(appId: string, stored: StoredSettings): SettingsView {
    return {
      push_config: this.mask('push_config', this.open(appId, 'push_config', parseSettings(stored.push_config), 'mask')),
      sms_config: this.mask('sms_config', this.open(appId, 'sms_config', parseSettings(stored.sms_config), 'mask')),
    };
  }

  /** The masked form of what prepare() answered, for the audit entry of the change. */
  viewOf(appId: string, prepared: Partial<StoredSettings>): Partial<SettingsView> {
    const full = this.view(appId, { push_config: prepared.push_config ?? '{}', sms_config: prepared.sms_config ?? '{}' });
    return {
      ...(prepared.push_config !== undefined ? { push_config: full.push_config } : {}),
      ...(prepared.sms_config !== undefined ? { sms_config: full.sms_config } : {}),
    };
  }

  /** The app's push settings with secrets in clear, for the senders. */
  async push(appId: string): Promise<PushSettings> {
    const stored = await this.apps.settings(appId);
    return this.open(appId, 'push_config', parseSettings(stored?.push_config ?? '{}'), 'throw');
  }

  /** Which providers the app chose, without opening any secret (binding a device needs no more). */
  async pushChoice(appId: string): Promise<Pick<PushSettings, 'android_provider' | 'ios_provider'>> {
    const stored = await this.apps.settings(appId);
    const { android_provider, ios_provider } = parseSettings(stored?.push_config ?? '{}') as PushSettings;
    return { android_provider, ios_provider };
  }

  /** The app's own SMS settings with secrets in clear ({} when it has none). */
  async sms(appId: string): Promise<Settings> {
    const stored = await this.apps.settings(appId);
    return this.open(appId, 'sms_config', parseSettings(stored?.sms_config ?? '{}'), 'throw');
  }

  private validate(checkers: Checkers, kind: SettingsKind, value: unknown): Settings {
    const smsCheckers = checkers.sms;
    if (kind === 'push_config') {
      check(checkers.push, value, kind);
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidField(kind, 'must be an object');
      const provider = (value as Settings).provider;
      if (Object.keys(value).length > 0) {
        const checker = typeof provider === 'string' ? smsCheckers.get(provider) : undefined;
        if (!checker) throw invalidField(`${kind}.provider`, `must be one of ${[...smsCheckers.keys()].join(', ')}`);
        check(checker, value, kind);
      }
    }
    const settings = normalise(value as Settings);
    for (const slot of secretSlots(kind, settings)) {
      const v = slot.holder[slot.key];
      if (slot.url && v !== '' && !isHttpUrl(v as string) && !(v as string).includes(SECRET_MASK))
        throw invalidField(slot.path, 'must be an http(s) URL');
      if (isSealed(v)) throw invalidField(slot.path, 'is not a value this server can take');
    }
    return settings;
  }

  private restoreMasked(kind: SettingsKind, settings: Settings, previous: Settings): void {
    const before = secretSlots(kind, previous);
    for (const slot of secretSlots(kind, settings)) {
      const v = slot.holder[slot.key];
      const old = slotAt(before, slot.path);
      const oldValue = old?.holder[old.key];
      if (slot.url) {
        if (typeof v !== 'string' || !v.includes(SECRET_MASK)) continue;
        // The mask stands for the stored URL's credentials only when the rest is unchanged.
        if (typeof oldValue === 'string' && (oldValue === v || maskUrlCredentials(oldValue, SECRET_MASK) === v))
          slot.holder[slot.key] = oldValue;
        else throw invalidField(slot.path, 'send the whole URL with its credentials when changing it');
      } else if (v === SECRET_MASK) {
        if (oldValue === undefined) throw invalidField(slot.path, 'no stored value for the mask to keep');
        slot.holder[slot.key] = oldValue;
      }
    }
  }

  private mask(kind: SettingsKind, settings: Settings): Settings {
    const out = copySettings(settings);
    for (const slot of secretSlots(kind, out)) {
      const v = slot.holder[slot.key];
      if (slot.url) {
        if (typeof v === 'string' && !isSealed(v)) slot.holder[slot.key] = maskUrlCredentials(v, SECRET_MASK);
        else slot.holder[slot.key] = SECRET_MASK;
      } else if (v !== '' && v !== undefined && v !== null) {
        slot.holder[slot.key] = SECRET_MASK;
      }
    }
    return out;
  }

  /** Secrets sealed with the encryption key; stored in clear without one (start-up warns). */
  private seal(appId: string, kind: SettingsKind, settings: Settings): Settings {
    const box = this.box;
    if (!box) return settings;
    const out = copySettings(settings);
    for (const slot of secretSlots(kind, out)) {
      const v = slot.holder[slot.key];
      if (v === undefined || v === '' || isSealed(v)) continue;
      if (slot.url && !hasUrlCredentials(v as string)) continue;
      slot.holder[slot.key] = box.seal(JSON.stringify(v), `${appId}\n${slot.path}`);
    }
    return out;
  }

  /**
   * Sealed secrets opened. One that cannot be (no key, another key): 'throw' for senders,
   * 'mask' for views, 'keep-sealed' when rewriting settings (the value survives untouched).
   */
  private open(appId: string, kind: SettingsKind, settings: Settings, unreadable: 'throw' | 'mask' | 'keep-sealed'): Settings {
    const out = copySettings(settings);
    for (const slot of secretSlots(kind, out)) {
      const v = slot.holder[slot.key];
      if (!isSealed(v)) continue;
      try {
        if (!this.box) throw new Error('APPDESK_ENCRYPTION_KEY is not set');
        slot.holder[slot.key] = JSON.parse(this.box.open(v, `${appId}\n${slot.path}`)) as unknown;
      } catch (err) {
        if (unreadable === 'mask') slot.holder[slot.key] = SECRET_MASK;
        else if (unreadable === 'throw') {
          this.logger.error({ app_id: appId, field: slot.path, err: (err as Error).message }, 'cannot decrypt a stored secret');
          throw new AppError(ErrorCode.Internal, `cannot decrypt ${slot.path} of app "${appId}"`);
        }
      }
    }
    return out;
  }
}
