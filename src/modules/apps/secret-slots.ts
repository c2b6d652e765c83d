/**
 * Where the secrets of a settings object are: each declared secret key of its provider(s)
 * and each URL field (a secret only when it carries credentials). Masking, restoring,
 * sealing and opening all walk these slots, so they agree on what a secret is.
 */
import { PUSH_PROVIDER_DEFINITIONS, smsProviderDefinition } from '../../providers/registry.js';

export type SettingsKind = 'push_config' | 'sms_config';
export type Settings = Record<string, unknown>;

export interface Slot {
  holder: Settings;
  key: string;
  /** e.g. push_config.jpush.master_secret: names the field in errors, binds sealed values. */
  path: string;
  /** A URL: secret only while it carries credentials. */
  url: boolean;
}

const URL_KEY = /(^|_)url$|^endpoint$/;

function isObject(v: unknown): v is Settings {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function slotsOf(holder: Settings, path: string, secrets: readonly string[]): Slot[] {
  const out: Slot[] = [];
  for (const key of Object.keys(holder)) {
    const url = URL_KEY.test(key) && typeof holder[key] === 'string';
    if (url || secrets.includes(key)) out.push({ holder, key, path: `${path}.${key}`, url });
  }
  return out;
}

export function secretSlots(kind: SettingsKind, settings: Settings): Slot[] {
  if (kind === 'sms_config') {
    const definition = typeof settings.provider === 'string' ? smsProviderDefinition(settings.provider) : undefined;
    return slotsOf(settings, kind, definition?.secrets ?? []);
  }
  const out = slotsOf(settings, kind, []);
  for (const d of PUSH_PROVIDER_DEFINITIONS) {
    const section = settings[d.name];
    if (isObject(section)) out.push(...slotsOf(section, `${kind}.${d.name}`, d.secrets));
  }
  return out;
}

/** A copy deep enough that slots can be rewritten without touching the original. */
export function copySettings(settings: Settings): Settings {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, isObject(v) ? { ...v } : v]));
}

/** Stored JSON text as an object; anything unreadable reads as nothing configured. */
export function parseSettings(json: string): Settings {
  try {
    const v: unknown = JSON.parse(json);
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}
