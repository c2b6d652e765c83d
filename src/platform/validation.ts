/**
 * Request validation. Query strings, params and headers arrive as text, so their validator
 * coerces ("5" → 5); JSON bodies are typed already, so theirs does not: `"gender": "1"` or
 * `"switch": "true"` is a wrong type (10005), not a guess. Each route's validator is compiled
 * at its first request (lazy-compile.ts).
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { lazyValidator } from './lazy-compile.js';

// ajv-formats ships CommonJS with a default export object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = { allErrors: false, strict: false, useDefaults: true, removeAdditional: false };

/** Compiles one request part's schema now, as the route's first request will. */
export function createValidatorCompiler(): (part: { schema: unknown; httpPart?: string }) => ValidateFunction {
  const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object);
}

export function registerValidation(app: FastifyInstance): void {
  const compile = createValidatorCompiler();
  app.setValidatorCompiler<FastifySchema>((part) => lazyValidator(() => compile(part)));
}
