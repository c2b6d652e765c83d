/**
 * Seeding: the SMS provider the bench stands in for (it keeps each code sent), and the users,
 * FAQs, pushes and feedback the workloads read, created through the API.
 */
import { createServer, type Server } from 'node:http';

/** A webhook SMS provider on 127.0.0.1 that records the last code sent to each phone. */
export async function startSmsReceiver(): Promise<{ server: Server; url: string; codes: Map<string, string> }> {
  const codes = new Map<string, string>();
  const sms = createServer((req, res) => {
    let b = '';
    req.on('data', (c: Buffer) => (b += c.toString()));
    req.on('end', () => {
      const m = JSON.parse(b) as { phone: string; code: string };
      codes.set(m.phone, m.code);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => sms.listen(0, '127.0.0.1', r));
  return { server: sms, url: `http://127.0.0.1:${(sms.address() as { port: number }).port}/`, codes };
}

async function api(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Token ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as { code: number; data: any };
  if (json.code !== 0) throw new Error(`${method} ${path} → ${JSON.stringify(json)}`);
  return json.data;
}

export async function seed(base: string, codes: Map<string, string>) {
  const users: { token: string; refresh: string; phone: string }[] = [];
  for (let i = 0; i < 5; i++) {
    const phone = `1390000${String(1000 + i)}`;
    await api(base, 'POST', '/api/auth/send_code', { account: phone });
    const t = await api(base, 'POST', '/api/auth/register', { account: phone, code: codes.get(phone), password: 'bench-password-1' });
    users.push({ token: t.access_token, refresh: t.refresh_token, phone });
  }
  const admin = (await api(base, 'POST', '/admin/api/auth/login', { username: 'bench-admin', password: 'bench-admin-password' }))
    .access_token as string;
  for (let i = 0; i < 40; i++) {
    await api(base, 'POST', '/admin/api/faq', { title: `Question ${i}`, content: `Answer number ${i}. `.repeat(10), sort: i % 7 }, admin);
  }
  const pushIds: number[] = [];
  for (let i = 0; i < 5; i++)
    pushIds.push((await api(base, 'POST', '/admin/api/push', { push_title: `News ${i}`, push_body: 'b', push_scope: 0 }, admin)).id);
  await api(base, 'POST', '/api/feedback', { feedback_content: 'seed' }, users[0]!.token);
  // Let the in-process worker deliver the pushes so message counts see them.
  await new Promise((r) => setTimeout(r, 1500));
  return { users, pushIds };
}
