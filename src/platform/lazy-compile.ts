/**
 * Request validators and response serializers compiled at their first use. Fastify compiles
 * every route's Ajv validators and fast-json-stringify serializers when the app starts:
 * some hundreds of generated functions (each GET twice, for its HEAD twin), most of them for
 * operator routes a given process may never serve, about 3 MB of live heap and 6 MB of
 * compile garbage before the first request. Each is compiled by its route's first request
 * instead; test/platform/schemas-compile.test.ts compiles every route's schemas with the
 * same compilers, so that a bad schema fails the tests, not a request in production.
 */
import type { SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import type { ValidateFunction } from 'ajv';

/** What Fastify calls per request part: Ajv's signature, with `errors` after a failure. */
export interface LazyValidator {
  (data: unknown, context?: object): boolean;
  errors?: ValidateFunction['errors'];
  /**
   * Fastify hands Ajv functions (recognised by `schemaEnv`) the request as the parent of the
   * value, which lets Ajv replace a coerced root value; the wrapped Ajv function needs it too.
   */
  schemaEnv: true;
}

export function lazyValidator(compile: () => ValidateFunction): LazyValidator {
  let validate: ValidateFunction | undefined;
  const lazy = ((data: unknown, context?: object) => {
    validate ??= compile();
    // Ajv's own type wants its private data context; Fastify passes exactly that shape.
    const valid = validate(data, context as Parameters<ValidateFunction>[1]);
    lazy.errors = validate.errors;
    return valid;
  }) as LazyValidator;
  lazy.schemaEnv = true;
  return lazy;
}

/** Wraps Fastify's serializer factory so that each route's serializer is built at its first response. */
export function lazySerializers(build: SerializerFactory): SerializerFactory {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let serialize: ((doc: unknown) => string) | undefined;
      return (doc: unknown) => (serialize ??= compile(route))(doc);
    };
  };
}
