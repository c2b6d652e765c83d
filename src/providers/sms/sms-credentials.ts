/**
 * The keys of each SMS provider inside sms_config: SPEC section 8's variables without their
 * prefix, lower-cased. The adapters of the real providers take their schema from here.
 */
import { Type } from 'typebox';

const Text = (maxLength = 256) => Type.String({ maxLength });
const Url = Type.String({ maxLength: 2048, description: 'http(s) URL' });

export const LogSmsSettings = Type.Object({}, { additionalProperties: false });

export const WebhookSmsSettings = Type.Object({ webhook_url: Url }, { additionalProperties: false });

export const AliyunSmsSettings = Type.Object(
  { access_key_id: Text(), access_key_secret: Text(), sign_name: Text(), template_code: Text(), endpoint: Type.Optional(Url) },
  { additionalProperties: false },
);

export const TencentSmsSettings = Type.Object(
  {
    secret_id: Text(),
    secret_key: Text(),
    sdk_app_id: Text(),
    sign_name: Text(),
    template_id: Text(),
    region: Type.Optional(Text(64)),
    endpoint: Type.Optional(Url),
  },
  { additionalProperties: false },
);

export const TwilioSmsSettings = Type.Object(
  { account_sid: Text(), auth_token: Text(), from: Text(64), base_url: Type.Optional(Url) },
  { additionalProperties: false },
);
