/**
 * A local Tencent Cloud SendSms (API 3.0, 2021-01-11) that checks requests the way the
 * service does: the TC3-HMAC-SHA256 signature recomputed from the received method, path,
 * signed headers and raw body, written here from Tencent's documented steps and independently
 * of the adapter; unknown SecretIds, stale timestamps and wrong signatures answered with
 * Tencent's AuthFailure codes (HTTP 200, the error inside Response).
 */
import { createHash, createHmac } from 'node:crypto';
import { startFakeServer, type FakeAnswer, type FakeServer } from './fake-server.js';

export type TencentMode = 'ok' | 'no-credit' | 'no-credit-status' | 'refuse' | 'hang';

export interface TencentSendSms {
  PhoneNumberSet: string[];
  SmsSdkAppId: string;
  SignName: string;
  TemplateId: string;
  TemplateParamSet: string[];
  region: string;
}

export interface TencentFake extends FakeServer {
  received: TencentSendSms[];
  refused: string[];
  mode: TencentMode;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

export async function startTencentFake(keys: Record<string, string>): Promise<TencentFake> {
  const fake = { received: [], refused: [], mode: 'ok' } as unknown as TencentFake;
  const answer = (response: object): FakeAnswer => ({
    status: 200,
    json: { Response: { ...response, RequestId: `req-${fake.received.length}` } },
  });
  const error = (Code: string, Message: string) => answer({ Error: { Code, Message } });
  const refuse = (Code: string, Message: string) => {
    fake.refused.push(Code);
    return error(Code, Message);
  };
  const server = await startFakeServer((req) => {
    const auth =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/sms\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        String(req.headers.authorization ?? ''),
      );
    if (!auth) return refuse('AuthFailure.InvalidAuthorization', 'Authorization header is not TC3-HMAC-SHA256.');
    const [, secretId = '', date = '', signedHeaders = '', signature = ''] = auth;
    const secretKey = keys[secretId];
    if (secretKey === undefined) return refuse('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300)
      return refuse('AuthFailure.SignatureExpire', 'Signature expired.');
    if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) return refuse('AuthFailure.SignatureFailure', 'Date mismatch.');
    const names = signedHeaders.split(';');
    if (!names.includes('content-type') || !names.includes('host'))
      return refuse('AuthFailure.SignatureFailure', 'content-type and host must be signed.');
    const [path = '/', query = ''] = req.url.split('?');
    const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}\n`).join('');
    const canonicalRequest = [req.method, path, query, canonicalHeaders, signedHeaders, sha256(req.body)].join('\n');
    const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/sms/tc3_request`, sha256(canonicalRequest)].join('\n');
    const key = hmac(hmac(hmac(`TC3${secretKey}`, date), 'sms'), 'tc3_request');
    if (createHmac('sha256', key).update(stringToSign).digest('hex') !== signature)
      return refuse('AuthFailure.SignatureFailure', 'The provided credentials could not be validated.');
    if (req.headers['x-tc-action'] !== 'SendSms') return error('InvalidAction', 'no such action');
    if (req.headers['x-tc-version'] !== '2021-01-11') return error('NoSuchVersion', 'no such version');
    const region = String(req.headers['x-tc-region'] ?? '');
    if (!region) return error('MissingParameter', 'X-TC-Region');
    const body = JSON.parse(req.body) as Omit<TencentSendSms, 'region'>;
    fake.received.push({ ...body, region });
    const status = (Code: string, Message: string) =>
      answer({
        SendStatusSet: [
          { SerialNo: '2028:1', PhoneNumber: body.PhoneNumberSet[0], Fee: 1, SessionContext: '', Code, Message, IsoCode: 'CN' },
        ],
      });
    switch (fake.mode) {
      case 'hang':
        return 'hang';
      case 'no-credit':
        return error('FailedOperation.InsufficientBalanceInSmsPackage', 'insufficient balance in SMS package');
      case 'no-credit-status':
        return status('FailedOperation.InsufficientBalanceInSmsPackage', 'insufficient balance in SMS package');
      case 'refuse':
        return status('FailedOperation.SignatureIncorrectOrUnapproved', 'signature format is incorrect or signature is not approved');
      case 'ok':
        return status('Ok', 'send success');
    }
  });
  return Object.assign(fake, server);
}
