/** req.actor(): the acting manager, from the one request decorator every admin route uses. */
import { readdirSync, readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../../src/platform/error-handler.js';
import { registerRequestContext } from '../../src/platform/request-context.js';
import type { AppDirectory } from '../../src/platform/tenancy.js';

const app = Fastify();

beforeAll(async () => {
  registerErrorHandling(app, false);
  const apps = { resolve: () => '' } as unknown as AppDirectory;
  registerRequestContext(app, apps, {
    user: () => Promise.reject(new Error('no users here')),
    manager: (token) => Promise.resolve({ id: Number(token), username: 'm', role: 'super', appIds: [], tokenId: 1 }),
  });
  app.get('/as-manager', { config: { auth: 'manager' } }, (req) => req.actor());
  app.get('/public', (req) => req.actor());
  await app.ready();
});
afterAll(() => app.close());

describe('req.actor()', () => {
  it('is the authenticated manager and the client address', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/as-manager',
      headers: { authorization: 'Token 42' },
      remoteAddress: '203.0.113.9',
    });
    expect(res.json()).toEqual({ managerId: 42, ip: '203.0.113.9' });
  });

  it('fails as an invalid token on a route without manager auth', async () => {
    const res = await app.inject({ method: 'GET', url: '/public' });
    expect(res.json<{ code: number }>().code).toBe(10004);
  });

  it('is the only way admin routes name the actor', () => {
    const dir = new URL('../../src/modules/admin/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.routes.ts'))) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      expect(source, file).not.toMatch(/managerId:\s*req\.manager\(\)/);
    }
  });
});
