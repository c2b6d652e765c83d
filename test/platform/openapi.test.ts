/**
 * The API document tells the truth: it validates as OpenAPI, every operation has a stable
 * operationId, security is declared exactly where a call without a token answers 10004, and
 * error answers are documented with the envelope and their codes.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationIdFor } from '../../src/platform/openapi.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: { 'application/json'?: { schema?: { properties?: { code?: { enum?: number[] } } } } } }>;
  requestBody?: unknown;
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  t = await buildTestApp();
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<Doc>();
});
afterAll(() => t.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

describe('/openapi.json', () => {
  it('validates as an OpenAPI document', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['managerToken', 'userToken']);
  });

  it('names every operation with a unique, readable operationId', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operationIdFor('POST', '/api/auth/send_code')).toBe('postAuthSendCode');
    expect(operationIdFor('GET', '/admin/api/users/:id')).toBe('getAdminUsersById');
    expect(operationIdFor('PUT', '/api/push/switch/:client_id')).toBe('putPushSwitchByClientId');
  });

  it('declares security exactly where a call without a token answers 10004', async () => {
    const mismatches: string[] = [];
    for (const { path, method, op } of operations()) {
      const url = path.replace(/\{app_id\}/g, '_default').replace(/\{[^}]+\}/g, '1') + (path === '/api/message/count' ? '?push_ids=' : '');
      const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url, ...(op.requestBody ? { payload: {} } : {}) });
      const answered = res.json<{ code: number }>().code;
      const declared = (op.security ?? []).length > 0;
      if ((answered === 10004) !== declared) mismatches.push(`${method.toUpperCase()} ${path}: answered ${answered}, security ${declared}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('documents the error answers with their codes', () => {
    const codesOf = (path: string, method: string) =>
      Object.entries(doc.paths[path]![method]!.responses)
        .filter(([status]) => status !== '200')
        .flatMap(([, r]) => r.content?.['application/json']?.schema?.properties?.code?.enum ?? []);
    expect(codesOf('/api/auth/access_token', 'post')).toEqual(expect.arrayContaining([10005, 10006, 10007, 10003, 10015, 10000]));
    expect(codesOf('/api/personal/info', 'get')).toEqual(expect.arrayContaining([10004, 10003]));
    expect(codesOf('/api/faq/{id}', 'get')).toEqual(expect.arrayContaining([10001]));
    expect(codesOf('/api/faq', 'get')).not.toContain(10004);
    for (const { op } of operations()) expect(Object.keys(op.responses)).toContain('500');
  });
});
