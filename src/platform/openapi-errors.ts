/**
 * The error codes each route can answer beyond the ones every route can (10005 for a bad
 * field or an unknown X-App-Id, 10000), the ones its guard adds (10004, 10003) and the one
 * a path id adds (10001). Kept in one table so the API document tells clients, route by
 * route, which codes to branch on (SPEC section 2 and the sections of each route).
 */
import { ErrorCode as E, type ErrorCode } from './errors.js';

export const ROUTE_ERRORS: Readonly<Record<string, readonly ErrorCode[]>> = {
  'POST /api/auth/send_code': [E.TooManyCodes, E.SmsNoCredit, E.SmsProviderError, E.SmsUnavailable, E.EmailUnavailable],
  'POST /api/auth/check_code': [E.InvalidCode],
  'POST /api/auth/register': [E.AlreadyRegistered, E.InvalidCode],
  'POST /api/auth/access_token': [E.NotRegistered, E.WrongPassword, E.Forbidden, E.LoginLocked],
  'POST /api/auth/refresh_token': [E.InvalidToken, E.Forbidden],
  'POST /api/auth/reset_password': [E.NotRegistered, E.InvalidCode],
  'POST /api/auth/code_login': [E.NotRegistered, E.InvalidCode, E.Forbidden, E.AlreadyRegistered],
  'PUT /api/personal/password': [E.WrongPassword, E.LoginLocked],
  'PUT /api/personal/account': [E.AlreadyRegistered, E.InvalidCode],
  'DELETE /api/personal/account': [E.WrongPassword, E.InvalidCode, E.LoginLocked],
  'GET /api/push/switch/:client_id': [E.NotFound],
  'PUT /api/push/switch/:client_id': [E.NotFound],
  'POST /admin/api/auth/login': [E.NotRegistered, E.WrongPassword, E.Forbidden, E.LoginLocked, E.TwoFactorInvalid],
  'POST /admin/api/me/totp/enable': [E.TwoFactorInvalid],
  'DELETE /admin/api/me/totp': [E.TwoFactorInvalid],
  'POST /admin/api/managers': [E.AlreadyRegistered],
  'POST /admin/api/apps': [E.AlreadyRegistered],
  'PUT /admin/api/apps/:app_id': [E.NotFound],
  'GET /admin/api/apps/:app_id': [E.NotFound],
};
