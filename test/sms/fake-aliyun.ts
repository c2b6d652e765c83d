/**
 * A local Alibaba Cloud SendSms (dysmsapi 2017-05-25) that checks requests the way the
 * service does: the RPC signature (version 1.0, HMAC-SHA1 keyed with the secret and "&")
 * recomputed from the received parameters, written here from Alibaba's documented rules and
 * independently of the adapter; unknown AccessKey ids and wrong signatures refused with
 * Alibaba's codes and HTTP statuses.
 */
import { createHmac } from 'node:crypto';
import { startFakeServer, type FakeAnswer, type FakeServer } from './fake-server.js';

export type AliyunMode = 'ok' | 'no-credit' | 'refuse' | 'hang';

export interface AliyunFake extends FakeServer {
  /** Every request whose signature verified, with its parameters. */
  received: Record<string, string>[];
  /** Refusals for credentials or signature, by code. */
  refused: string[];
  mode: AliyunMode;
}

/** Alibaba's encoding: unreserved A-Z a-z 0-9 - _ . ~ stay, every other UTF-8 byte is %XY. */
function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export async function startAliyunFake(keys: Record<string, string>): Promise<AliyunFake> {
  const fake = { received: [], refused: [], mode: 'ok' } as unknown as AliyunFake;
  const requestId = () => `REQ-${fake.received.length + fake.refused.length}`;
  const refuse = (status: number, Code: string, Message: string): FakeAnswer => {
    fake.refused.push(Code);
    return { status, json: { Code, Message, RequestId: requestId(), Recommend: 'https://api.aliyun.com/troubleshoot' } };
  };
  const server = await startFakeServer((req) => {
    if (req.method !== 'POST' || req.url !== '/') return { status: 404, json: { Code: 'InvalidAction.NotFound' } };
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return refuse(400, 'MissingParameter', 'not a form');
    const params = Object.fromEntries(new URLSearchParams(req.body));
    const { Signature: signature, ...signed } = params;
    const secret = keys[signed.AccessKeyId ?? ''];
    if (secret === undefined) return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const canonical = Object.keys(signed)
      .sort()
      .map((k) => `${percentEncode(k)}=${percentEncode(signed[k]!)}`)
      .join('&');
    const expected = createHmac('sha1', `${secret}&`)
      .update(`POST&${percentEncode('/')}&${percentEncode(canonical)}`)
      .digest('base64');
    if (signature !== expected) return refuse(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    const fixed = { Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0' };
    for (const [k, v] of Object.entries(fixed)) if (signed[k] !== v) return refuse(400, 'InvalidParameter', `${k} must be ${v}`);
    if (!signed.SignatureNonce) return refuse(400, 'MissingSignatureNonce', 'SignatureNonce is mandatory.');
    const at = Date.parse(signed.Timestamp ?? '');
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(signed.Timestamp ?? '') || Math.abs(Date.now() - at) > 15 * 60_000)
      return refuse(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    fake.received.push(signed);
    switch (fake.mode) {
      case 'hang':
        return 'hang';
      case 'no-credit':
        return { status: 200, json: { Code: 'isv.AMOUNT_NOT_ENOUGH', Message: '账户余额不足', RequestId: requestId() } };
      case 'refuse':
        return { status: 200, json: { Code: 'isv.SMS_SIGNATURE_ILLEGAL', Message: '该账号下找不到对应签名', RequestId: requestId() } };
      case 'ok':
        return { status: 200, json: { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: requestId() } };
    }
  });
  return Object.assign(fake, server);
}
