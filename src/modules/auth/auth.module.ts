/** Accounts, verification codes, tokens and sessions: the auth module and its routes. */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/tables.js';
import type { EmailSender } from '../../providers/email/email-sender.js';
import type { SmsSender } from '../../providers/sms/sms-sender.js';
import type { Clock } from '../../platform/clock.js';
import type { InvalidationBus } from '../../platform/invalidation-bus.js';
import type { LoginLockout } from '../../platform/login-lockout.js';
import { bindRoutes, type Routes } from '../../platform/module.js';
import type { PasswordHasher } from '../../platform/password-hasher.js';
import type { PasswordPolicy } from '../../platform/password-policy.js';
import type { RateLimitStore } from '../../platform/rate-limit/rate-limit-store.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { AccountLifecycleService } from './account-lifecycle.service.js';
import { AccountWriter } from './account-writer.js';
import { lifecycleRoutes } from './lifecycle.routes.js';
import { SessionsService } from './sessions.service.js';
import { authRoutes } from './auth.routes.js';
import { AuthService } from './auth.service.js';
import { CodeRepository } from './code.repository.js';
import { CodeService, type CodeEvents } from './code.service.js';
import { PairWriter } from './pair-writer.js';
import { SessionActivity } from './session-activity.js';
import { SessionCache } from './session-cache.js';
import { TokenRepository } from './token.repository.js';
import { TokenService } from './token.service.js';
import { UserRepository } from './user.repository.js';
import type { InboxChanges } from '../message/unread-counts.js';

export interface AuthModuleDeps {
  config: Config;
  db: Kysely<Database>;
  clock: Clock;
  time: TimeFormatter;
  hasher: PasswordHasher;
  limits: RateLimitStore;
  sms: SmsSender;
  email: EmailSender;
  bus: InvalidationBus;
  passwords: PasswordPolicy;
  lockout: LoginLockout;
  /** Told when an account is erased (its inbox goes with it). */
  inbox: InboxChanges;
  codeEvents?: CodeEvents;
}

export function createAuthModule(deps: AuthModuleDeps) {
  const { config, db, clock, time } = deps;
  const users = new UserRepository(db);
  const codes = new CodeService(config, new CodeRepository(db), deps.limits, deps.sms, deps.email, clock, deps.codeEvents);
  const tokenRows = new TokenRepository(db);
  const activity = new SessionActivity(db, clock);
  const tokens = new TokenService(
    config,
    db,
    tokenRows,
    clock,
    time,
    new SessionCache(),
    deps.bus,
    activity,
    new PairWriter(db, tokenRows, clock),
  );
  const accounts = new AccountWriter(db, users, tokenRows, tokens, clock, deps.inbox);
  const auth = new AuthService(db, users, accounts, codes, tokens, deps.hasher, deps.passwords, deps.lockout);
  const lifecycle = new AccountLifecycleService(config, db, users, accounts, codes, tokens, deps.hasher, deps.passwords, deps.lockout);
  const sessions = new SessionsService(tokenRows, activity, accounts, clock);
  const authRoutesBound = bindRoutes(authRoutes, { codes, auth, tokens, accounts });
  const lifecycleRoutesBound = bindRoutes(lifecycleRoutes, { lifecycle, sessions, time });
  return {
    users,
    codes,
    tokens,
    accounts,
    activity,
    auth,
    lifecycle,
    sessions,
    routes: async (app: Parameters<Routes>[0]) => {
      await authRoutesBound(app);
      await lifecycleRoutesBound(app);
    },
  };
}

export type AuthModule = ReturnType<typeof createAuthModule>;
