/**
 * Request validation. Query strings, params and headers arrive as text, so their validator
 * coerces ("5" → 5); JSON bodies are typed already, so theirs does not: `"gender": "1"` or
 * `"switch": "true"` is a wrong type (10005), not a guess.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';

// ajv-formats ships CommonJS with a default export object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = { allErrors: false, strict: false, useDefaults: true, removeAdditional: false };

export function registerValidation(app: FastifyInstance): void {
  const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
  const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object));
}
