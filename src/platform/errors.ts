/**
 * The contract's error catalogue (SPEC section 2): numeric codes, their HTTP statuses and
 * their messages in each supported language. Services throw AppError; the error handler
 * (platform/error-handler.ts) is the only place that turns one into a response.
 */

export const ErrorCode = {
  Internal: 10000,
  NotFound: 10001,
  NoRoute: 10002,
  Forbidden: 10003,
  InvalidToken: 10004,
  InvalidField: 10005,
  NotRegistered: 10006,
  WrongPassword: 10007,
  InvalidCode: 10008,
  AlreadyRegistered: 10009,
  TooManyCodes: 10010,
  SmsNoCredit: 10011,
  SmsProviderError: 10012,
  SmsUnavailable: 10013,
  EmailUnavailable: 10014,
  LoginLocked: 10015,
  TwoFactorInvalid: 10016,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const HTTP_STATUS: Record<ErrorCode, number> = {
  10000: 500,
  10001: 404,
  10002: 404,
  10003: 403,
  10004: 401,
  10005: 400,
  10006: 404,
  10007: 401,
  10008: 400,
  10009: 409,
  10010: 429,
  10011: 503,
  10012: 502,
  10013: 503,
  10014: 503,
  10015: 429,
  10016: 401,
};

export type Locale = 'en' | 'zh-CN';

export const MESSAGES: Record<Locale, Record<ErrorCode, string>> = {
  en: {
    10000: 'Internal error, please try again later',
    10001: 'Data not found',
    10002: 'The requested path does not exist',
    10003: 'No permission for this operation',
    10004: 'Invalid token: it may be wrong, expired or revoked',
    10005: 'Invalid request field',
    10006: 'User is not registered',
    10007: 'Wrong password',
    10008: 'Invalid verification code',
    10009: 'User is already registered',
    10010: 'Verification codes requested too often, please try again later',
    10011: 'SMS service is out of credit',
    10012: 'SMS service error',
    10013: 'SMS service is unavailable',
    10014: 'E-mail service is unavailable',
    10015: 'Too many failed logins, please try again later',
    10016: 'Two-factor code missing or wrong',
  },
  'zh-CN': {
    10000: '服务器内部错误, 请稍后再试',
    10001: '数据未查到',
    10002: '访问的路径不存在',
    10003: '该用户没有访问或操作权限',
    10004: '无效的Token, 可能是错误的, 失效的, 用户已被删除',
    10005: '请求字段不合法',
    10006: '用户未注册',
    10007: '密码错误',
    10008: '无效的验证码',
    10009: '用户已注册',
    10010: '验证码发送太频繁, 请稍后再试',
    10011: '短信服务欠费',
    10012: '短信服务其他错误',
    10013: '短信服务不可用',
    10014: '邮件服务不可用',
    10015: '登录失败次数过多, 请稍后再试',
    10016: '两步验证码缺失或错误',
  },
};

export interface FieldError {
  field: string;
  reason: string;
}

/** An error the client is meant to see: a contract code, optional field details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Internal detail for the log; never sent to the client. */
    detail?: string,
    readonly fields?: FieldError[],
    /** Overrides the HTTP status the code maps to (413 for oversize bodies). */
    readonly httpStatus?: number,
  ) {
    super(detail ?? `error ${code}`);
    this.name = 'AppError';
  }
}

export function invalidField(field: string, reason: string): AppError {
  return new AppError(ErrorCode.InvalidField, `${field}: ${reason}`, [{ field, reason }]);
}

export function notFound(what = 'data'): AppError {
  return new AppError(ErrorCode.NotFound, `${what} not found`);
}

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'en';
  // First listed language wins; q-weights are rarely meaningful from mobile clients.
  for (const part of acceptLanguage.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}
