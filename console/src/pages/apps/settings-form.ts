/**
 * Between an app's stored settings (as the server answers them, secrets masked) and the
 * settings form: the form holds one section per provider in use; what goes back is the
 * whole config (the server replaces it whole), masked secrets untouched so the server
 * keeps what it stores, empty optional keys left out.
 */
import { PUSH_FIELDS, SMS_FIELDS, isPushSection, type FieldSpec, type PushSection, type SmsProvider } from './provider-fields.ts';

type Settings = Record<string, unknown>;

export interface SettingsFormValues {
  name: string;
  android_provider: string;
  ios_provider: string;
  webhook_url?: string;
  push: Partial<Record<PushSection, Settings>>;
  sms_provider: string;
  sms: Settings;
}

/** The sections the chosen providers need, in a stable order. */
export function sectionsInUse(android: string, ios: string): PushSection[] {
  return [...new Set([android, ios])].filter(isPushSection).sort();
}

/** The FCM service account may be stored as an object; the form edits its JSON text. */
function toFormValue(spec: FieldSpec, v: unknown): unknown {
  if (spec.kind === 'switch') return v === true;
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
}

function sectionToForm(fields: Record<string, FieldSpec>, stored: unknown): Settings {
  const s = (stored ?? {}) as Settings;
  return Object.fromEntries(Object.entries(fields).map(([k, spec]) => [k, toFormValue(spec, s[k])]));
}

export function toFormValues(app: { name: string; push_config: Settings; sms_config: Settings }): SettingsFormValues {
  const p = app.push_config;
  const push: Partial<Record<PushSection, Settings>> = {};
  for (const section of Object.keys(PUSH_FIELDS) as PushSection[]) push[section] = sectionToForm(PUSH_FIELDS[section], p[section]);
  const smsProvider = typeof app.sms_config.provider === 'string' ? app.sms_config.provider : '';
  const smsFields = (SMS_FIELDS as Record<string, Record<string, FieldSpec>>)[smsProvider] ?? {};
  return {
    name: app.name,
    android_provider: typeof p.android_provider === 'string' ? p.android_provider : '',
    ios_provider: typeof p.ios_provider === 'string' ? p.ios_provider : '',
    webhook_url: typeof p.webhook_url === 'string' ? p.webhook_url : '',
    push,
    sms_provider: smsProvider,
    sms: sectionToForm(smsFields, app.sms_config),
  };
}

/** Form values of one section → the keys to send: empty optional keys dropped. */
function sectionFromForm(fields: Record<string, FieldSpec>, values: Settings | undefined): Settings {
  const out: Settings = {};
  for (const [k, spec] of Object.entries(fields)) {
    const v = values?.[k];
    if (spec.kind === 'switch') {
      if (v === true) out[k] = true;
      continue;
    }
    const s = typeof v === 'string' ? v.trim() : '';
    if (s !== '' || spec.required) out[k] = s;
  }
  return out;
}

/**
 * The push_config to send: the stored sections of providers not in use go back as they
 * came (masked secrets and all) so switching a platform's provider loses nothing.
 */
export function pushConfigFrom(values: SettingsFormValues, stored: Settings): Settings {
  const out: Settings = {};
  for (const [k, v] of Object.entries(stored)) if (isPushSection(k) && v) out[k] = v;
  if (values.android_provider) out.android_provider = values.android_provider;
  if (values.ios_provider) out.ios_provider = values.ios_provider;
  const webhook = (values.webhook_url ?? '').trim();
  if (webhook) out.webhook_url = webhook;
  for (const section of sectionsInUse(values.android_provider, values.ios_provider)) {
    out[section] = sectionFromForm(PUSH_FIELDS[section], values.push[section]);
  }
  return out;
}

export function smsConfigFrom(values: SettingsFormValues): Settings {
  if (!values.sms_provider) return {};
  const fields = SMS_FIELDS[values.sms_provider as SmsProvider] as Record<string, FieldSpec> | undefined;
  return { provider: values.sms_provider, ...sectionFromForm(fields ?? {}, values.sms) };
}
