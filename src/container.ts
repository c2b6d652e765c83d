/**
 * Builds every long-lived object of the server from the configuration: the database, the
 * platform pieces (clock, hashing, rate limits, providers) and each module's services.
 * Tests pass overrides (a manual clock, a cheaper hasher) instead of patching modules.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { AuthService } from './modules/auth/auth.service.js';
import { CodeRepository } from './modules/auth/code.repository.js';
import { CodeService } from './modules/auth/code.service.js';
import { TokenRepository } from './modules/auth/token.repository.js';
import { TokenService } from './modules/auth/token.service.js';
import { UserRepository } from './modules/auth/user.repository.js';
import { AuditLog } from './platform/audit-log.js';
import { ManagerAuthService } from './modules/admin/manager-auth.service.js';
import { ManagerRepository } from './modules/admin/manager.repository.js';
import { FaqRepository } from './modules/faq/faq.repository.js';
import { FaqService } from './modules/faq/faq.service.js';
import { FeedbackCategoryRepository } from './modules/feedback/feedback-category.repository.js';
import { FeedbackCategoryService } from './modules/feedback/feedback-category.service.js';
import { FeedbackReplyRepository } from './modules/feedback/feedback-reply.repository.js';
import { FeedbackRepository } from './modules/feedback/feedback.repository.js';
import { FeedbackService } from './modules/feedback/feedback.service.js';
import { MessageService } from './modules/message/message.service.js';
import { InboxRepository } from './modules/message/inbox.repository.js';
import { PushBindingRepository } from './modules/push/push-binding.repository.js';
import { PushMessageRepository } from './modules/push/push-message.repository.js';
import { PushService } from './modules/push/push.service.js';
import { createPushQueue } from './jobs/create-push-queue.js';
import { PushDelivery, type DeliveryOptions } from './jobs/push-delivery.js';
import type { PushQueue } from './jobs/push-queue.js';
import { closePushProviders, createPushProviders, type PushProviders } from './providers/push/index.js';
import { AppRepository } from './modules/apps/app.repository.js';
import { AppSettingsService } from './modules/apps/app-settings.service.js';
import { SecretBox } from './platform/secret-box.js';
import { AppsService } from './modules/admin/apps.service.js';
import { ManagersService } from './modules/admin/managers.service.js';
import { UsersAdminService } from './modules/admin/users-admin.service.js';
import { Metrics } from './platform/metrics.js';
import { RedisRateLimitStore } from './platform/rate-limit/redis-rate-limit-store.js';
import type { Redis } from 'ioredis';
import { SessionCache } from './modules/auth/session-cache.js';
import { BusListeners, LocalBus, PostgresBus, RedisBus, type InvalidationBus } from './platform/invalidation-bus.js';
import { sql } from 'kysely';
import { PersonalService } from './modules/personal/personal.service.js';
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
  appSettings: AppSettingsService;
  users: UserRepository;
  codes: CodeService;
  tokens: TokenService;
  auth: AuthService;
  personal: PersonalService;
  managers: ManagerRepository;
  managerAuth: ManagerAuthService;
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
  /** Identifies this process's push worker in delivery leases. */
  workerId: string;
  /** Starts consuming the push queue in this process. */
  startWorker(): void;
  /** Closing hooks run in reverse order of registration. */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', '*.password', '*.code', '*.access_token', '*.refresh_token'], censor: '[redacted]' },
  });
}

export async function createContainer(config: Config, overrides: ContainerOverrides = {}): Promise<Container> {
  const logger = overrides.logger ?? createLogger(config);
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
  const limits: RateLimitStore = redis ? new RedisRateLimitStore(redis, config.redisPrefix) : new SqlRateLimitStore(db, database.dialect);
  const sms = overrides.sms ?? createSmsSender(config, logger);
  const email = overrides.email ?? (await createEmailSender(config, logger));
  const users = new UserRepository(db);
  // Metrics need the queue depth, and the queue is built later: resolve it lazily.
  let queueDepth: () => Promise<number> = () => Promise.resolve(0);
  const metrics = new Metrics(() => queueDepth());
  const codes = new CodeService(config, new CodeRepository(db), limits, sms, email, clock, {
    onCodeSent: (channel, outcome) => metrics.codesSent.inc({ channel, outcome }),
  });
  const bus = await createBus(config, database, redis, logger);
  const tokens = new TokenService(config, db, new TokenRepository(db), clock, time, new SessionCache(), bus);
  const auth = new AuthService(config, db, users, codes, tokens, hasher, limits, clock);
  const personal = new PersonalService(users, tokens, clock, time);
  const managers = new ManagerRepository(db);
  const managerAuth = new ManagerAuthService(config, db, managers, hasher, limits, clock, time);
  await managerAuth.bootstrap();
  const audit = new AuditLog(db, clock);
  const appRepository = new AppRepository(db);
  const apps = new AppDirectory(appRepository);
  if (!config.encryptionKey) logger.warn('APPDESK_ENCRYPTION_KEY is not set: provider secrets are stored in clear');
  const appSettings = new AppSettingsService(appRepository, config.encryptionKey && new SecretBox(config.encryptionKey), logger);
  const managersAdmin = new ManagersService(config, db, managers, appRepository, hasher, audit, clock);
  const appsAdmin = new AppsService(db, appRepository, appSettings, apps, audit, clock);
  const faq = new FaqService(db, new FaqRepository(db), audit, clock, time, bus);
  // Caches kept coherent across instances: one subscription, each cache its own listener.
  await bus.subscribe(new BusListeners().add(tokens.busListener()).add(faq.busListener()));
  const feedbackCategories = new FeedbackCategoryService(db, new FeedbackCategoryRepository(db), audit, clock);
  const feedback = new FeedbackService(db, new FeedbackRepository(db), new FeedbackReplyRepository(db), feedbackCategories, audit, clock);
  const pushMessages = new PushMessageRepository(db);
  const pushBindings = new PushBindingRepository(db);
  const pushQueue = await createPushQueue(config, pushMessages, clock, logger);
  const pushProviders = overrides.pushProviders ?? createPushProviders(config, logger);
  const pushDelivery = new PushDelivery(config, db, pushMessages, pushBindings, pushProviders, appSettings, clock, logger, {
    onDelivered: (provider, outcome, count) => metrics.pushDeliveries.inc({ provider, outcome }, count),
    ...overrides.delivery,
  });
  queueDepth = () => pushQueue.depth();
  const push = new PushService(config, db, pushBindings, pushMessages, pushQueue, appSettings, audit, clock, time);
  const messages = new MessageService(new InboxRepository(db), clock);
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const closers: (() => Promise<void> | void)[] = [];
  return {
    config,
    logger,
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
    users,
    codes,
    tokens,
    auth,
    personal,
    managers,
    managerAuth,
    audit,
    managersAdmin,
    appsAdmin,
    usersAdmin: new UsersAdminService(db, users, tokens, audit, clock),
    faq,
    feedbackCategories,
    feedback,
    push,
    pushQueue,
    pushDelivery,
    messages,
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
