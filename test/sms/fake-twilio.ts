/**
 * A local Twilio Messages resource (API 2010-04-01): HTTP basic auth checked against the
 * known Account SID and Auth Token (401 with error 20003 otherwise, as Twilio answers), a
 * form body with To, Body and exactly one of From / MessagingServiceSid.
 */
import { startFakeServer, type FakeServer } from './fake-server.js';

export type TwilioMode = 'ok' | 'no-credit' | 'refuse' | 'hang';

export interface TwilioFake extends FakeServer {
  received: { accountSid: string; form: Record<string, string> }[];
  refused: number[];
  mode: TwilioMode;
}

const twilioError = (status: number, code: number, message: string) => ({
  status,
  json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

export async function startTwilioFake(accounts: Record<string, string>): Promise<TwilioFake> {
  const fake = { received: [], refused: [], mode: 'ok' } as unknown as TwilioFake;
  const server = await startFakeServer((req) => {
    const path = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url);
    if (req.method !== 'POST' || !path) return twilioError(404, 20404, 'The requested resource was not found');
    const basic = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''));
    const [user = '', ...rest] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [];
    const accountSid = decodeURIComponent(path[1]!);
    if (accounts[user] === undefined || accounts[user] !== rest.join(':') || user !== accountSid) {
      fake.refused.push(20003);
      return twilioError(401, 20003, 'Authenticate');
    }
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return twilioError(400, 21600, 'form body expected');
    const form = Object.fromEntries(new URLSearchParams(req.body));
    if (!form.To) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!form.Body) return twilioError(400, 21602, 'Message body is required.');
    if ((form.From === undefined) === (form.MessagingServiceSid === undefined))
      return twilioError(400, 21603, "A 'From' phone number or a 'MessagingServiceSid' is required.");
    fake.received.push({ accountSid, form });
    switch (fake.mode) {
      case 'hang':
        return 'hang';
      case 'no-credit':
        return twilioError(401, 20005, 'Account not active');
      case 'refuse':
        return twilioError(400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
      case 'ok':
        return {
          status: 201,
          json: {
            sid: 'SM00000000000000000000000000000000',
            account_sid: accountSid,
            to: form.To,
            status: 'queued',
            api_version: '2010-04-01',
          },
        };
    }
  });
  return Object.assign(fake, server);
}
