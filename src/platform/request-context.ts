/**
 * What every request carries once the onRequest hook ran: its app, its locale and, on
 * routes that declare `config.auth`, the authenticated user or manager. Routes declare
 * their guard; this one hook enforces it (no URL-prefix allow-lists).
 */
import type { Actor } from './audit-log.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRow } from '../db/tables.js';
import { AppError, ErrorCode, pickLocale, type Locale } from './errors.js';
import type { AppDirectory } from './tenancy.js';

export type AuthMode = 'public' | 'user' | 'manager';
export type ManagerRole = 'super' | 'operator';

export interface ManagerIdentity {
  id: number;
  username: string;
  role: ManagerRole;
  appIds: string[];
  tokenId: number;
}

export interface UserSession {
  user: UserRow;
  sessionId: number;
  tokenId: number;
}

export interface Authenticators {
  /** Synchronous when the token is cached. */
  user(appId: string, token: string): UserSession | Promise<UserSession>;
  manager(token: string): Promise<ManagerIdentity>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; default public. */
    auth?: AuthMode;
    /** Manager routes: only `super` managers. */
    superOnly?: boolean;
    /** Manager routes not tied to the X-App-Id app (me, logout). */
    anyApp?: boolean;
  }
  interface FastifyRequest {
    appId: string;
    locale: Locale;
    userSession: UserSession | null;
    managerIdentity: ManagerIdentity | null;
    /** The authenticated user; only on `auth: 'user'` routes. */
    user(): UserRow;
    session(): UserSession;
    manager(): ManagerIdentity;
    /** Who is acting, for services that audit writes; only on `auth: 'manager'` routes. */
    actor(): Actor;
  }
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^(?:Token|Bearer)\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

export function canActInApp(manager: ManagerIdentity, appId: string): boolean {
  return manager.role === 'super' || manager.appIds.includes(appId);
}

export function registerRequestContext(app: FastifyInstance, apps: AppDirectory, auth: Authenticators): void {
  app.decorateRequest('appId', '');
  app.decorateRequest('locale', 'en');
  app.decorateRequest('userSession', null);
  app.decorateRequest('managerIdentity', null);
  app.decorateRequest('user', function (this: FastifyRequest) {
    return this.session().user;
  });
  app.decorateRequest('session', function (this: FastifyRequest) {
    if (!this.userSession) throw new AppError(ErrorCode.InvalidToken, 'route used req.user() without auth: user');
    return this.userSession;
  });
  app.decorateRequest('manager', function (this: FastifyRequest) {
    if (!this.managerIdentity) throw new AppError(ErrorCode.InvalidToken, 'route used req.manager() without auth: manager');
    return this.managerIdentity;
  });
  app.decorateRequest('actor', function (this: FastifyRequest) {
    return { managerId: this.manager().id, ip: this.ip };
  });

  /** The route's guard; undefined when it finished synchronously (the common, cached case). */
  const authorize = (req: FastifyRequest): Promise<void> | undefined => {
    const config = req.routeOptions.config;
    const mode = config.auth ?? 'public';
    if (mode === 'public') return undefined;
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new AppError(ErrorCode.InvalidToken, 'missing Authorization header');
    if (mode === 'user') {
      const session = auth.user(req.appId, token);
      if (!(session instanceof Promise)) {
        req.userSession = session;
        return undefined;
      }
      return session.then((s) => {
        req.userSession = s;
      });
    }
    return auth.manager(token).then((manager) => {
      if (config.superOnly && manager.role !== 'super') throw new AppError(ErrorCode.Forbidden, 'super manager only');
      if (!config.anyApp && !canActInApp(manager, req.appId)) {
        throw new AppError(ErrorCode.Forbidden, `manager may not act in app "${req.appId}"`);
      }
      req.managerIdentity = manager;
    });
  };

  // Callback style with synchronous fast paths: most requests need no promise at all here.
  app.addHook('onRequest', (req, _reply, done) => {
    try {
      req.locale = pickLocale(req.headers['accept-language']);
      const appId = apps.resolve(req.headers['x-app-id']);
      const pending =
        typeof appId === 'string'
          ? ((req.appId = appId), authorize(req))
          : appId.then((id) => {
              req.appId = id;
              return authorize(req);
            });
      if (pending) pending.then(() => done(), done);
      else done();
    } catch (err) {
      done(err as Error);
    }
  });
}
