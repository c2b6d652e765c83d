/**
 * The shapes of push_config and sms_config, composed from the provider registry: every
 * object closed, so unknown keys and wrong types are 10005 and depth is bounded.
 */
import { Type, type TObject, type TSchema } from 'typebox';
import { PUSH_PROVIDER_DEFINITIONS, SMS_PROVIDER_DEFINITIONS } from '../../providers/registry.js';

const Url = Type.String({ maxLength: 2048, description: 'http(s) URL; credentials in it come back masked' });
const ProviderChoice = Type.Union([Type.Literal(''), ...PUSH_PROVIDER_DEFINITIONS.map((d) => Type.Literal(d.name))]);

export const PushConfigSchema = Type.Object(
  {
    android_provider: Type.Optional(ProviderChoice),
    ios_provider: Type.Optional(ProviderChoice),
    webhook_url: Type.Optional(Url),
    ...Object.fromEntries(
      PUSH_PROVIDER_DEFINITIONS.flatMap((d) => (d.settings ? [[d.name, Type.Optional(Type.Union([Type.Null(), d.settings]))]] : [])),
    ),
  },
  {
    additionalProperties: false,
    description: 'android_provider, ios_provider, webhook_url and one section per provider; secrets come back as "********"',
  },
);

/** One SMS provider's sms_config: `provider` and that provider's keys. */
export function smsConfigSchemaOf(name: string, settings: TObject): TObject {
  return Type.Object({ provider: Type.Literal(name), ...settings.properties }, { additionalProperties: false });
}

export const SmsConfigSchema: TSchema = Type.Union(
  [
    Type.Object({}, { additionalProperties: false, description: 'nothing of its own: the environment configures it' }),
    ...SMS_PROVIDER_DEFINITIONS.map((d) => smsConfigSchemaOf(d.name, d.settings ?? Type.Object({}))),
  ],
  { description: '{} or {provider, ...that provider\'s keys}; secrets come back as "********"' },
);
