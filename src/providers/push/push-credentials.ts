/**
 * The credentials of the real push providers as SPEC section 8 names them. Each adapter
 * takes its schema from here when it is built (the registry already validates and
 * protects what operators store for it).
 */
import { Type } from 'typebox';

const Text = (maxLength = 256) => Type.String({ maxLength });
const Url = Type.String({ maxLength: 2048, description: 'http(s) URL' });

export const GetuiCredentials = Type.Object(
  { app_id: Text(), app_key: Text(), master_secret: Text(), base_url: Type.Optional(Url) },
  { additionalProperties: false },
);

export const JpushCredentials = Type.Object(
  { app_key: Text(), master_secret: Text(), base_url: Type.Optional(Url) },
  { additionalProperties: false },
);

/** A Google service-account key file: flat, string values only; as an object or as its JSON text. */
const ServiceAccount = Type.Union([
  Type.String({ maxLength: 16384 }),
  Type.Object(
    { project_id: Text(), client_email: Text(), private_key: Text(8192), token_uri: Type.Optional(Url) },
    { additionalProperties: Type.String({ maxLength: 2048 }) },
  ),
]);

export const FcmCredentials = Type.Object(
  { service_account: ServiceAccount, base_url: Type.Optional(Url) },
  { additionalProperties: false },
);

export const ApnsCredentials = Type.Object(
  {
    team_id: Text(),
    key_id: Text(),
    private_key: Text(8192),
    bundle_id: Text(),
    production: Type.Optional(Type.Boolean()),
    base_url: Type.Optional(Url),
  },
  { additionalProperties: false },
);
