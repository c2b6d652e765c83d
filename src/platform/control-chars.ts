/**
 * Control characters (other than tab, newline and carriage return) are refused in every
 * body field, query parameter and path parameter of every route, before any handler runs:
 * PostgreSQL cannot store a NUL in text at all (the request would fail as a 500), SQLite
 * would store it and later compare it oddly, and no field of the contract needs one.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from './errors.js';

// Unicode's Cc category (C0, DEL, C1) less \t \n \r. Object keys are checked too.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * The dotted path (as in validation errors: `a.b.0`) of the first string holding a control
 * character, or null. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function findControlChar(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, path] = item;
    if (typeof v === 'string') {
      if (CONTROL.test(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const childPath = path ? `${path}.${k}` : k;
        if (CONTROL.test(k)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

/**
 * Whether any string (or object key) in `value` holds a control character: the check every
 * request pays, so it builds no paths and allocates only for nested objects and arrays.
 */
export function hasControlChar(value: unknown): boolean {
  let nested: object[] | undefined;
  for (let v: unknown = value; v !== undefined; v = nested?.pop()) {
    if (typeof v === 'string') {
      if (CONTROL.test(v)) return true;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const child of v as unknown[]) {
        if (typeof child === 'string') {
          if (CONTROL.test(child)) return true;
        } else if (child !== null && typeof child === 'object') (nested ??= []).push(child);
      }
      continue;
    }
    for (const key of Object.keys(v)) {
      if (CONTROL.test(key)) return true;
      const child = (v as Record<string, unknown>)[key];
      if (typeof child === 'string') {
        if (CONTROL.test(child)) return true;
      } else if (child !== null && typeof child === 'object') (nested ??= []).push(child);
    }
  }
  return false;
}

export function registerControlCharGuard(app: FastifyInstance): void {
  // preValidation: after the body is parsed, before the schema and any handler.
  app.addHook('preValidation', (req, _reply, done) => {
    if (!hasControlChar(req.params) && !hasControlChar(req.query) && !hasControlChar(req.body)) {
      done();
      return;
    }
    const field = findControlChar(req.params, '') ?? findControlChar(req.query, '') ?? findControlChar(req.body, '');
    if (field === null) {
      done();
      return;
    }
    const name = field || 'body';
    done(new AppError(ErrorCode.InvalidField, `${name}: control character`, [{ field: name, reason: 'contains a control character' }]));
  });
}
