/** Request and response schemas of /api/auth/*. */
import { Type } from 'typebox';

const Area = Type.Optional(Type.String({ maxLength: 8, description: 'country calling code without +, default 86' }));
const AccountField = Type.String({ minLength: 1, maxLength: 254, description: 'mobile number, or e-mail address when it contains @' });

export const SendCodeBody = Type.Object({ area: Area, account: AccountField });
export const CheckCodeBody = Type.Object({ area: Area, account: AccountField, code: Type.String({ minLength: 1, maxLength: 16 }) });
export const RegisterBody = Type.Object({
  area: Area,
  account: AccountField,
  code: Type.String({ minLength: 1, maxLength: 16 }),
  password: Type.String({ maxLength: 1024 }),
});
export const LoginBody = Type.Object({ area: Area, account: AccountField, password: Type.String({ maxLength: 1024 }) });
export const RefreshBody = Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 256 }) });

export const TokenSchema = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  expires_at: Type.String(),
  expires_in: Type.Integer(),
});
