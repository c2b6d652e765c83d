/** /admin/api/stats: the operator console's dashboard for the app in X-App-Id. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ok, success } from '../../platform/schemas.js';
import type { TimeFormatter } from '../../platform/time-format.js';
import { DAILY_DAYS_DEFAULT, DAILY_DAYS_MAX, type StatsService } from './stats.service.js';

const OverviewSchema = Type.Object({
  users_total: Type.Integer({ description: 'users of the app, disabled ones included (deleted accounts are gone)' }),
  users_today: Type.Integer({ description: 'users created today, in APPDESK_TIMEZONE' }),
  feedback_waiting: Type.Integer({ description: 'feedback not yet replied to (status 0, pending)' }),
  // Timestamp's `examples` is not allowed inside anyOf in OpenAPI 3.0: the same string without it.
  feedback_oldest_waiting_at: Type.Union([Type.String({ description: 'YYYY-MM-DD HH:mm:ss in APPDESK_TIMEZONE' }), Type.Null()], {
    description: 'created_at of the oldest waiting feedback; null when none',
  }),
  devices_bound: Type.Integer({ description: 'push devices bound to users of the app, switched off ones included' }),
  pushes_in_flight: Type.Integer({ description: 'push messages pending: queued, scheduled or being delivered' }),
});

const DaySchema = Type.Object({
  date: Type.String({ description: 'YYYY-MM-DD in APPDESK_TIMEZONE', examples: ['2026-12-01'] }),
  new_users: Type.Integer(),
  feedback_created: Type.Integer({ description: 'feedback created that day and not deleted' }),
  pushes: Type.Integer({ description: 'push messages created that day' }),
  push_targeted: Type.Integer({ description: 'sums over those push messages' }),
  push_sent: Type.Integer(),
  push_failed: Type.Integer(),
  push_skipped: Type.Integer(),
});

const DailySchema = Type.Object({
  days: Type.Array(DaySchema, { description: 'one row per day, oldest first, ending today; days without activity are zeros' }),
  feedback_by_status: Type.Array(
    Type.Object({ feedback_status: Type.Integer({ description: '0 pending, 1 replied, 2 closed' }), count: Type.Integer() }),
    { description: 'feedback created in those days, by its status now; every status listed' },
  ),
});

export interface StatsRoutesDeps {
  stats: StatsService;
  time: TimeFormatter;
}

export const statsRoutes: FastifyPluginAsyncTypebox<StatsRoutesDeps> = async (app, { stats, time }) => {
  const config = { auth: 'manager' as const };
  const tags = ['admin: stats'];

  app.get(
    '/admin/api/stats/overview',
    { config, schema: { tags, summary: 'The app now: users, waiting feedback, devices, pushes in flight', response: ok(OverviewSchema) } },
    async (req) => {
      const o = await stats.overview(req.appId);
      return success({
        users_total: o.usersTotal,
        users_today: o.usersToday,
        feedback_waiting: o.feedbackWaiting,
        feedback_oldest_waiting_at: o.feedbackOldestWaitingAt === null ? null : time.format(o.feedbackOldestWaitingAt),
        devices_bound: o.devicesBound,
        pushes_in_flight: o.pushesInFlight,
      });
    },
  );

  app.get(
    '/admin/api/stats/daily',
    {
      config,
      schema: {
        tags,
        summary: 'Activity per day (new users, feedback, pushes by their created day) and feedback of those days by status',
        querystring: Type.Object({
          days: Type.Integer({
            minimum: 1,
            maximum: DAILY_DAYS_MAX,
            default: DAILY_DAYS_DEFAULT,
            description: 'days ending today, 1 to 90',
          }),
        }),
        response: ok(DailySchema),
      },
    },
    async (req) => {
      const d = await stats.daily(req.appId, req.query.days);
      return success({
        days: d.days.map((r) => ({
          date: r.date,
          new_users: r.newUsers,
          feedback_created: r.feedbackCreated,
          pushes: r.pushes,
          push_targeted: r.targeted,
          push_sent: r.sent,
          push_failed: r.failed,
          push_skipped: r.skipped,
        })),
        feedback_by_status: d.feedbackByStatus.map((s) => ({ feedback_status: s.status, count: s.count })),
      });
    },
  );
};
