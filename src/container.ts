/**
 * Builds every long-lived object of the server from the configuration: the database, the
 * platform pieces (clock, hashing, rate limits, providers) and each module's services.
 * Tests pass overrides (a manual clock, a cheaper hasher) instead of patching modules.
 */
import type { Logger } from 'pino';
import { createLogger as createProcessLogger, createRequestLines } from './platform/logger.js';
import { pinoRequestLines, type RequestLines } from './platform/request-log.js';
import type { Config } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createAdminModule } from './modules/admin/admin.module.js';
import { createAuthModule } from './modules/auth/auth.module.js';
import { createFaqModule } from './modules/faq/faq.module.js';
import { createFeedbackModule } from './modules/feedback/feedback.module.js';
import { createHealthModule } from './modules/health/health.module.js';
import { createMessageModule } from './modules/message/message.module.js';
import { createPersonalModule } from './modules/personal/personal.module.js';
import { createPushModule } from './modules/push/push.module.js';
import type { Routes } from './platform/module.js';
import type { AccountWriter } from './modules/auth/account-writer.js';
import type { AccountLifecycleService } from './modules/auth/account-lifecycle.service.js';
import type { SessionsService } from './modules/auth/sessions.service.js';
import type { AuthService } from './modules/auth/auth.service.js';
import type { CodeService } from './modules/auth/code.service.js';
import type { SessionActivity } from './modules/auth/session-activity.js';
import type { TokenService } from './modules/auth/token.service.js';
import type { UserRepository } from './modules/auth/user.repository.js';
import type { ManagerAuthService } from './modules/admin/manager-auth.service.js';
import type { ManagerRepository } from './modules/admin/manager.repository.js';
import type { ManagerTotpService } from './modules/admin/totp.service.js';
import type { AppsService } from './modules/admin/apps.service.js';
import type { ManagersService } from './modules/admin/managers.service.js';
import type { UsersAdminService } from './modules/admin/users-admin.service.js';
import type { FaqService } from './modules/faq/faq.service.js';
import type { FeedbackCategoryService } from './modules/feedback/feedback-category.service.js';
import type { FeedbackService } from './modules/feedback/feedback.service.js';
import type { MessageService } from './modules/message/message.service.js';
import type { PushService } from './modules/push/push.service.js';
import type { PersonalService } from './modules/personal/personal.service.js';
import type { AvatarRepository } from './modules/personal/avatar.repository.js';
import type { AvatarService } from './modules/personal/avatar.service.js';
import type { PushDelivery } from './jobs/push-delivery.js';
import { AuditLog } from './platform/audit-log.js';
import { AppRepository } from './modules/apps/app.repository.js';
import { AppSettingsService } from './modules/apps/app-settings.service.js';
import { AppSmsSender } from './modules/apps/app-sms-sender.js';
import { SecretBox } from './platform/secret-box.js';
import { type DeliveryOptions } from './jobs/push-delivery.js';
import type { PushQueue } from './jobs/push-queue.js';
import { closePushProviders, createPushProviders, type PushProviders } from './providers/push/index.js';
import { Metrics } from './platform/metrics.js';
import { RedisRateLimitStore } from './platform/rate-limit/redis-rate-limit-store.js';
import type { Redis } from 'ioredis';
import { UnreadCounts } from './modules/message/unread-counts.js';
import { BusListeners, LocalBus, PostgresBus, RedisBus, type InvalidationBus } from './platform/invalidation-bus.js';
import { sql } from 'kysely';
import { LoginLockout } from './platform/login-lockout.js';
import { PasswordPolicy } from './platform/password-policy.js';
import { workerIdentity } from './jobs/worker-id.js';
import { systemClock, type Clock } from './platform/clock.js';
import { Argon2Hasher, type PasswordHasher } from './platform/password-hasher.js';
import type { RateLimitStore } from './platform/rate-limit/rate-limit-store.js';
import { SqlRateLimitStore } from './platform/rate-limit/sql-rate-limit-store.js';
import { AppDirectory } from './platform/tenancy.js';
import { TimeFormatter } from './platform/time-format.js';
import type { EmailSender } from './providers/email/email-sender.js';
import { createEmailSender, createSmsSender } from './providers/index.js';
import type { SmsSender } from './providers/sms/sms-sender.js';

export interface ContainerOverrides {
  clock?: Clock;
  hasher?: PasswordHasher;
  logger?: Logger;
  database?: DatabaseHandle;
  sms?: SmsSender;
  email?: EmailSender;
  pushProviders?: PushProviders;
  delivery?: DeliveryOptions;
}

export interface Container {
  config: Config;
  logger: Logger;
  /** Writes the request lines (no redaction: they hold no secret); the logger itself in tests. */
  requestLogger: RequestLines;
  database: DatabaseHandle;
  clock: Clock;
  time: TimeFormatter;
  hasher: PasswordHasher;
  limits: RateLimitStore;
  /** The shared Redis connection, when REDIS_URL is set. */
  redis: Redis | undefined;
  metrics: Metrics;
  sms: SmsSender;
  email: EmailSender;
  apps: AppDirectory;
  /** The one owner of per-app push and SMS settings (validation, masking, encryption). */
  appSettings: AppSettingsService;
  users: UserRepository;
  codes: CodeService;
  tokens: TokenService;
  /** The one writer of user accounts and their sessions' revocation. */
  accounts: AccountWriter;
  /** Password reset and change, code login, account change and deletion. */
  lifecycle: AccountLifecycleService;
  /** The user's own session list. */
  sessions: SessionsService;
  /** Sessions' last use, noted in memory and written in batches. */
  activity: SessionActivity;
  auth: AuthService;
  personal: PersonalService;
  /** Stored avatars; `deleteForUser(trx, appId, userId)` removes a user's inside a transaction. */
  avatars: AvatarRepository;
  avatarService: AvatarService;
  managers: ManagerRepository;
  managerAuth: ManagerAuthService;
  /** Operators' second factor (TOTP). */
  managerTotp: ManagerTotpService;
  audit: AuditLog;
  managersAdmin: ManagersService;
  appsAdmin: AppsService;
  usersAdmin: UsersAdminService;
  faq: FaqService;
  feedbackCategories: FeedbackCategoryService;
  feedback: FeedbackService;
  push: PushService;
  pushQueue: PushQueue;
  pushDelivery: PushDelivery;
  messages: MessageService;
  unread: UnreadCounts;
  /** Identifies this process's push worker in delivery leases. */
  workerId: string;
  /** Starts consuming the push queue in this process. */
  startWorker(): void;
  /** Closing hooks run in reverse order of registration. */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
  /** Every module's routes, for app.ts to register. */
  routes: Routes[];
}

export function createLogger(config: Config): Logger {
  return createProcessLogger(config.logLevel);
}

export async function createContainer(config: Config, overrides: ContainerOverrides = {}): Promise<Container> {
  const logger = overrides.logger ?? createLogger(config);
  const requestLogger = overrides.logger ? pinoRequestLines(overrides.logger) : createRequestLines(config.logLevel);
  const database =
    overrides.database ??
    createDatabase(config.databaseUrl, {
      poolMax: config.dbPoolMax,
      connectTimeoutMs: config.dbConnectTimeoutMs,
      statementTimeoutMs: config.dbStatementTimeoutMs,
    });
  await migrateToLatest(database.db);
  const { db } = database;
  const clock = overrides.clock ?? systemClock;
  const time = new TimeFormatter(config.timezone);
  const hasher =
    overrides.hasher ??
    new Argon2Hasher({ memoryCost: config.argon2MemoryKib, timeCost: config.argon2TimeCost, concurrency: config.argon2Concurrency });
  // Request paths use this connection: fail fast while Redis is away (10000, no pile-up),
  // and do not start until it answers, as with the database.
  const redisModule = config.redisUrl ? await import('./platform/redis.js') : undefined;
  const redis = redisModule && config.redisUrl ? redisModule.createRedis(config.redisUrl, logger, 'main', { failFast: true }) : undefined;
  if (redis && redisModule) await redisModule.waitForRedis(redis);
  const limits: RateLimitStore = redis
    ? new RedisRateLimitStore(redis, config.redisPrefix)
    : new SqlRateLimitStore(db, { turnWaitMs: config.dbConnectTimeoutMs });
  const sms = overrides.sms ?? createSmsSender(config, logger);
  const email = overrides.email ?? (await createEmailSender(config, logger));
  // Metrics need the queue depth, and the queue is built later: resolve it lazily.
  let queueDepth: () => Promise<number> = () => Promise.resolve(0);
  const metrics = new Metrics(() => queueDepth());
  const bus = await createBus(config, database, redis, logger);
  // Built before the writers that report to it: the message module reads through it.
  const unread = new UnreadCounts(bus);
  const passwords = new PasswordPolicy(config.passwordMinLength);
  const lockout = new LoginLockout(
    limits,
    { maxFailures: config.loginMaxFailures, windowSeconds: config.loginFailureWindowSeconds },
    clock,
  );
  const audit = new AuditLog(db, clock);
  const appRepository = new AppRepository(db);
  const apps = new AppDirectory(appRepository);
  if (!config.encryptionKey) logger.warn('APPDESK_ENCRYPTION_KEY is not set: provider secrets are stored in clear');
  const appSettings = new AppSettingsService(appRepository, config.encryptionKey && new SecretBox(config.encryptionKey), logger);
  const pushProviders = overrides.pushProviders ?? createPushProviders(config, logger, clock);

  const authModule = createAuthModule({
    config,
    db,
    clock,
    time,
    hasher,
    limits,
    // A test's override replaces SMS delivery whole; otherwise each app sends with its own settings.
    sms: overrides.sms ?? new AppSmsSender(appSettings, sms, { config, logger }),
    email,
    bus,
    passwords,
    lockout,
    inbox: unread,
    codeEvents: { onCodeSent: (channel, outcome) => metrics.codesSent.inc({ channel, outcome }) },
  });
  authModule.activity.start();
  const personalModule = createPersonalModule({
    accounts: authModule.accounts,
    lifecycle: authModule.lifecycle,
    clock,
    time,
    db,
    publicUrl: config.publicUrl,
  });
  const faqModule = createFaqModule({ db, audit, clock, time, bus });
  // Caches kept coherent across instances: one subscription, each cache its own listener.
  await bus.subscribe(new BusListeners().add(authModule.tokens.busListener()).add(faqModule.faq.busListener()).add(unread.busListener()));
  const feedbackModule = createFeedbackModule({ db, audit, clock, time, inbox: unread });
  const pushModule = await createPushModule({
    config,
    db,
    audit,
    clock,
    time,
    logger,
    providers: pushProviders,
    appSettings,
    inbox: unread,
    delivery: {
      onDelivered: (provider, outcome, count) => metrics.pushDeliveries.inc({ provider, outcome }, count),
      ...overrides.delivery,
    },
  });
  queueDepth = () => pushModule.pushQueue.depth();
  const messageModule = createMessageModule({ db, clock, time, unread });
  const adminModule = createAdminModule({
    config,
    db,
    clock,
    time,
    hasher,
    passwords,
    lockout,
    audit,
    apps,
    appRepository,
    appSettings,
    users: authModule.users,
    accounts: authModule.accounts,
    sessions: authModule.sessions,
    faq: faqModule.faq,
    feedback: feedbackModule.feedback,
    feedbackCategories: feedbackModule.feedbackCategories,
    push: pushModule.push,
  });
  await adminModule.managerAuth.bootstrap();
  // The first manager's hash at start would otherwise keep a thread and its argon2 memory
  // (about 14 MB resident) for the pool's idle minute.
  await hasher.releaseThreads?.();
  const healthModule = createHealthModule({ db, redis, metrics, metricsToken: config.metricsToken });
  const { pushQueue, pushDelivery } = pushModule;
  const { activity } = authModule;
  const workerId = workerIdentity();

  const closers: (() => Promise<void> | void)[] = [];
  return {
    config,
    logger,
    requestLogger,
    database,
    clock,
    time,
    hasher,
    limits,
    redis,
    metrics,
    sms,
    email,
    apps,
    appSettings,
    audit,
    ...authModule,
    ...personalModule,
    ...faqModule,
    ...feedbackModule,
    ...pushModule,
    ...messageModule,
    ...adminModule,
    routes: [
      healthModule.routes,
      authModule.routes,
      personalModule.routes,
      faqModule.routes,
      feedbackModule.routes,
      pushModule.routes,
      messageModule.routes,
      adminModule.routes,
    ],
    workerId,
    startWorker() {
      pushQueue.startWorker(async (pushId) => {
        await pushDelivery.deliver(pushId, workerId);
      });
    },
    onClose(fn) {
      closers.push(fn);
    },
    async close() {
      for (const fn of closers.reverse()) await fn();
      await pushQueue.close();
      await closePushProviders(pushProviders);
      await sms.close?.();
      await activity.close();
      email.close?.();
      await hasher.close?.();
      await bus.close();
      if (redis) await redis.quit().catch(() => undefined);
      await database.close();
    },
  };
}

async function createBus(config: Config, database: DatabaseHandle, redis: Redis | undefined, logger: Logger): Promise<InvalidationBus> {
  if (redis && config.redisUrl) {
    const { createRedis } = await import('./platform/redis.js');
    return new RedisBus(redis, createRedis(config.redisUrl, logger, 'subscriber'), `${config.redisPrefix}invalidations`);
  }
  if (database.pool) {
    // Channels are per database; name this schema's, so several deployments can share one.
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
    const channel = `appdesk_inv_${rows[0]?.schema ?? 'public'}`.slice(0, 63);
    return new PostgresBus(database.pool, { ...database.pool.options, connectionString: config.databaseUrl }, channel, logger);
  }
  return new LocalBus();
}
