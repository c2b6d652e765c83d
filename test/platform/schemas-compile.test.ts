/**
 * Validators and serializers are compiled at a route's first request (lazy-compile.ts), so a
 * schema Ajv or fast-json-stringify rejects would surface only when that route is first
 * called. Here every route's schemas are compiled up front with the compilers production
 * uses, and the lazy wrappers are held to behaving like what they wrap.
 */
import serializerSelector from '@fastify/fast-json-stringify-compiler';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lazySerializers, lazyValidator } from '../../src/platform/lazy-compile.js';
import { createValidatorCompiler } from '../../src/platform/validation.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const routes: RouteOptions[] = [];

beforeAll(async () => {
  t = await buildTestApp({ onRoute: (r: RouteOptions) => void routes.push(r) });
});
afterAll(() => t.close());

const PARTS = ['body', 'querystring', 'params', 'headers'] as const;

describe('every route schema', () => {
  it('compiles with the validator and serializer compilers the server uses', () => {
    const validator = createValidatorCompiler();
    const serializer = serializerSelector()({}, undefined);
    let validators = 0;
    let serializers = 0;
    for (const r of routes) {
      const where = `${[r.method].flat().join(',')} ${r.url}`;
      const schema = r.schema as Record<string, unknown> | undefined;
      if (!schema) continue;
      // Routes with a compiler of their own (the avatar upload) do not use the shared one.
      if (!r.validatorCompiler) {
        for (const httpPart of PARTS) {
          if (schema[httpPart] === undefined) continue;
          expect(() => validator({ schema: schema[httpPart], httpPart }), `${where} ${httpPart}`).not.toThrow();
          validators++;
        }
      }
      const responses = (schema.response ?? {}) as Record<string, { content?: Record<string, { schema: unknown }> }>;
      for (const [httpStatus, response] of Object.entries(responses)) {
        const schemas = response.content ? Object.values(response.content).map((c) => c.schema) : [response];
        for (const s of schemas) {
          expect(() => serializer({ schema: s, method: 'GET', url: r.url, httpStatus }), `${where} ${httpStatus}`).not.toThrow();
          serializers++;
        }
      }
    }
    // A wrong count here means the routes were not seen, not that they compiled.
    expect(validators).toBeGreaterThan(50);
    expect(serializers).toBeGreaterThan(50);
  });
});

describe('lazyValidator', () => {
  it('compiles on the first call only, and carries the errors of the call it answered', () => {
    let compiled = 0;
    const validate = lazyValidator(() => {
      compiled++;
      return createValidatorCompiler()({ schema: { type: 'object', properties: { n: { type: 'integer' } } }, httpPart: 'body' });
    });
    expect(compiled).toBe(0);
    expect(validate({ n: 'x' })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: '/n', keyword: 'type' });
    expect(validate({ n: 1 })).toBe(true);
    expect(validate.errors).toBeNull();
    expect(compiled).toBe(1);
    // Fastify passes the parent of the value to Ajv functions it recognises by this mark.
    expect(validate.schemaEnv).toBe(true);
  });

  it('lets a text validator replace a coerced root value through its parent', () => {
    const validate = lazyValidator(() => createValidatorCompiler()({ schema: { type: 'integer' }, httpPart: 'params' }));
    const request = { params: '5' as unknown };
    expect(validate(request.params, { parentData: request, parentDataProperty: 'params' })).toBe(true);
    expect(request.params).toBe(5);
  });
});

describe('lazySerializers', () => {
  it('builds a route serializer on its first use only, answering as the eager one does', () => {
    let compiled = 0;
    const factory = lazySerializers(() => {
      const compile = serializerSelector()({}, undefined);
      return (route) => {
        compiled++;
        return compile(route);
      };
    });
    const route = { schema: { type: 'object', properties: { a: { type: 'integer' } } }, method: 'GET', url: '/x', httpStatus: '200' };
    const serialize = factory({}, undefined)(route);
    expect(compiled).toBe(0);
    expect(serialize({ a: 1, b: 2 })).toBe('{"a":1}');
    expect(serialize({ a: 2 })).toBe('{"a":2}');
    expect(compiled).toBe(1);
  });
});
