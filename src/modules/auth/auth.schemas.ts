/** Request and response schemas of /api/auth/*. */
import { Type } from 'typebox';
import { Timestamp } from '../../platform/schemas.js';

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
export const ResetPasswordBody = RegisterBody;
export const CodeLoginBody = CheckCodeBody;
export const RefreshBody = Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 256 }) });

export const TokenSchema = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  expires_at: Type.String(),
  expires_in: Type.Integer(),
});

export const SessionSchema = Type.Object({
  id: Type.Integer(),
  created_at: Timestamp,
  last_used_at: Timestamp,
  user_agent: Type.String(),
  ip: Type.String(),
  current: Type.Boolean({ description: 'the session this request was made with' }),
});

export const PasswordChangeBody = Type.Object({
  old_password: Type.Optional(Type.String({ maxLength: 1024, description: 'required unless the user has no password yet' })),
  password: Type.String({ maxLength: 1024 }),
});
export const AccountChangeBody = CheckCodeBody;
export const AccountDeleteBody = Type.Object({
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 16, description: 'a code sent to the account (send_code)' })),
});
