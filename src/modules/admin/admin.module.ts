/**
 * The operator side: managers and their sign-in, apps, app users, the audit log, and the
 * admin routes over the other modules' services (FAQ, feedback, push).
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/tables.js';
import type { Clock } from '../../platform/clock.js';
import type { LoginLockout } from '../../platform/login-lockout.js';
import { bindRoutes, type Routes } from '../../platform/module.js';
import type { PasswordHasher } from '../../platform/password-hasher.js';
import type { PasswordPolicy } from '../../platform/password-policy.js';
import type { AppDirectory } from '../../platform/tenancy.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import type { AccountWriter } from '../auth/account-writer.js';
import type { SessionsService } from '../auth/sessions.service.js';
import type { UserRepository } from '../auth/user.repository.js';
import type { FaqService } from '../faq/faq.service.js';
import type { FeedbackCategoryService } from '../feedback/feedback-category.service.js';
import type { FeedbackService } from '../feedback/feedback.service.js';
import type { PushService } from '../push/push.service.js';
import { appsRoutes } from './apps.routes.js';
import { AppsService } from './apps.service.js';
import type { AuditLog } from '../../platform/audit-log.js';
import type { AppRepository } from '../apps/app.repository.js';
import type { AppSettingsService } from '../apps/app-settings.service.js';
import { auditRoutes } from './audit.routes.js';
import { adminFaqRoutes } from './faq.routes.js';
import { adminFeedbackCategoryRoutes } from './feedback-category.routes.js';
import { adminFeedbackRoutes } from './feedback.routes.js';
import { managerAuthRoutes } from './manager-auth.routes.js';
import { ManagerAuthService } from './manager-auth.service.js';
import { ManagerRepository } from './manager.repository.js';
import { managersRoutes } from './managers.routes.js';
import { ManagersService } from './managers.service.js';
import { adminPushRoutes } from './push.routes.js';
import { UsersAdminService } from './users-admin.service.js';
import { usersRoutes } from './users.routes.js';
import { SecretBox } from '../../platform/secret-box.js';
import { TotpRepository } from './totp.repository.js';
import { totpRoutes } from './totp.routes.js';
import { ManagerTotpService } from './totp.service.js';
import { PushBindingRepository } from '../push/push-binding.repository.js';
import { StatsRepository } from './stats.repository.js';
import { statsRoutes } from './stats.routes.js';
import { StatsService } from './stats.service.js';
import { userDetailRoutes } from './user-detail.routes.js';
import { UserDetailService } from './user-detail.service.js';

export interface AdminModuleDeps {
  config: Config;
  db: Kysely<Database>;
  clock: Clock;
  time: TimeFormatter;
  hasher: PasswordHasher;
  passwords: PasswordPolicy;
  lockout: LoginLockout;
  audit: AuditLog;
  apps: AppDirectory;
  appRepository: AppRepository;
  appSettings: AppSettingsService;
  users: UserRepository;
  accounts: AccountWriter;
  /** The users' own session lists, which the console's user page shows too. */
  sessions: SessionsService;
  faq: FaqService;
  feedback: FeedbackService;
  feedbackCategories: FeedbackCategoryService;
  push: PushService;
}

export function createAdminModule(deps: AdminModuleDeps) {
  const { config, db, clock, time, audit } = deps;
  const managers = new ManagerRepository(db);
  const box = config.encryptionKey && new SecretBox(config.encryptionKey);
  const managerTotp = new ManagerTotpService(db, managers, new TotpRepository(db), box, deps.lockout, clock);
  const managerAuth = new ManagerAuthService(config, db, managers, deps.hasher, deps.lockout, managerTotp, clock, time);
  const managersAdmin = new ManagersService(deps.passwords, db, managers, deps.appRepository, deps.hasher, audit, clock);
  const appsAdmin = new AppsService(db, deps.appRepository, deps.appSettings, deps.apps, audit, clock);
  const usersAdmin = new UsersAdminService(deps.users, deps.accounts, audit);
  const userDetail = new UserDetailService(deps.users, new PushBindingRepository(db), deps.sessions, deps.accounts, audit);
  const stats = new StatsService(new StatsRepository(db), clock, time.timezone);
  const routes: Routes[] = [
    bindRoutes(managerAuthRoutes, { managerAuth, time }),
    bindRoutes(totpRoutes, { managerTotp }),
    bindRoutes(adminPushRoutes, { push: deps.push, time }),
    bindRoutes(managersRoutes, { managersAdmin, time }),
    bindRoutes(appsRoutes, { appsAdmin, appSettings: deps.appSettings, time }),
    bindRoutes(usersRoutes, { usersAdmin, time }),
    bindRoutes(userDetailRoutes, { userDetail, time }),
    bindRoutes(statsRoutes, { stats, time }),
    bindRoutes(auditRoutes, { audit, time }),
    bindRoutes(adminFaqRoutes, { faq: deps.faq, time }),
    bindRoutes(adminFeedbackRoutes, { feedback: deps.feedback, time }),
    bindRoutes(adminFeedbackCategoryRoutes, { feedbackCategories: deps.feedbackCategories, time }),
  ];
  return {
    managers,
    managerAuth,
    managerTotp,
    managersAdmin,
    appsAdmin,
    usersAdmin,
    routes: async (app: Parameters<Routes>[0]) => {
      for (const r of routes) await r(app);
    },
  };
}
