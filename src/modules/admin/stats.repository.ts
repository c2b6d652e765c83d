/**
 * Counts for the operator console's dashboard. Every query reads one app's range of an index
 * added for it (migration 2026_12_01_0006_stats_indexes), so the cost follows the rows
 * counted, never the size of a table, on both dialects; an app's whole user and device
 * counts come from app_totals, kept by triggers. Feedback counted is live feedback
 * (deleted_at null), as everywhere operators look.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { FeedbackStatus } from '../feedback/feedback.model.js';
import { PushStatus } from '../push/push.model.js';

/** A local day as an epoch-millisecond range [start, end): days are 23 to 25 hours long. */
export interface DayRange {
  start: number;
  end: number;
}

export interface OverviewCounts {
  usersTotal: number;
  usersInRange: number;
  feedbackWaiting: number;
  oldestWaitingAt: number | null;
  devicesBound: number;
  pushesInFlight: number;
}

export interface DayCounts {
  newUsers: number;
  feedbackCreated: number;
  pushes: number;
  targeted: number;
  sent: number;
  failed: number;
  skipped: number;
}

/** count(*) is bigint on PostgreSQL (read as a number, db/database.ts), an integer on SQLite; sums may be null. */
const n = (v: unknown): number => Number(v ?? 0);

export class StatsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async overview(appId: string, today: DayRange): Promise<OverviewCounts> {
    const db = this.db;
    const [totals, usersToday, waiting, pushes] = await Promise.all([
      // Every row of the app: kept by triggers, as counting a million index entries is not fast.
      db.selectFrom('app_totals').select(['users', 'devices']).where('app_id', '=', appId).executeTakeFirst(),
      db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('app_id', '=', appId)
        .where('created_at', '>=', today.start)
        .where('created_at', '<', today.end)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('feedbacks')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
        .where('app_id', '=', appId)
        .where('feedback_status', '=', FeedbackStatus.Pending)
        .where('deleted_at', 'is', null)
        .executeTakeFirstOrThrow(),
      // Pending covers queued, scheduled and being delivered: a push leaves it when delivery ends.
      db
        .selectFrom('push_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('app_id', '=', appId)
        .where('push_status', '=', PushStatus.Pending)
        .executeTakeFirstOrThrow(),
    ]);
    return {
      usersTotal: n(totals?.users),
      usersInRange: n(usersToday.n),
      feedbackWaiting: n(waiting.n),
      oldestWaitingAt: waiting.oldest === null ? null : Number(waiting.oldest),
      devicesBound: n(totals?.devices),
      pushesInFlight: n(pushes.n),
    };
  }

  /**
   * Counts per day, in the order of `days`. The days are a table of their own (a VALUES
   * list), each counted by an index range of its own: no per-row date arithmetic, and the
   * zone's rules (DST) stay in the caller, which computed the boundaries.
   */
  async perDay(appId: string, days: readonly DayRange[]): Promise<DayCounts[]> {
    if (days.length === 0) return [];
    const withDays = sql`with days (i, lo, hi) as (values ${sql.join(
      days.map((d, i) => sql`(${sql.lit(i)}, cast(${d.start} as bigint), cast(${d.end} as bigint))`),
    )})`;
    const [people, pushes] = await Promise.all([
      sql<{ i: number; new_users: unknown; feedback_created: unknown }>`${withDays}
        select d.i,
          (select count(*) from users u
            where u.app_id = ${appId} and u.created_at >= d.lo and u.created_at < d.hi) as new_users,
          (select count(*) from feedbacks f
            where f.app_id = ${appId} and f.deleted_at is null and f.created_at >= d.lo and f.created_at < d.hi) as feedback_created
        from days d order by d.i`.execute(this.db),
      sql<{ i: number; pushes: unknown; targeted: unknown; sent: unknown; failed: unknown; skipped: unknown }>`${withDays}
        select d.i, count(p.id) as pushes, sum(p.targeted) as targeted, sum(p.sent) as sent,
          sum(p.failed) as failed, sum(p.skipped) as skipped
        from days d
        left join push_messages p on p.app_id = ${appId} and p.created_at >= d.lo and p.created_at < d.hi
        group by d.i order by d.i`.execute(this.db),
    ]);
    return people.rows.map((r, k) => {
      const p = pushes.rows[k];
      return {
        newUsers: n(r.new_users),
        feedbackCreated: n(r.feedback_created),
        pushes: n(p?.pushes),
        targeted: n(p?.targeted),
        sent: n(p?.sent),
        failed: n(p?.failed),
        skipped: n(p?.skipped),
      };
    });
  }

  /** Live feedback created in [start, end), counted by its current status. */
  async feedbackByStatus(appId: string, start: number, end: number): Promise<Map<number, number>> {
    const rows = await this.db
      .selectFrom('feedbacks')
      .select((eb) => ['feedback_status', eb.fn.countAll<number>().as('n')])
      .where('app_id', '=', appId)
      .where('deleted_at', 'is', null)
      .where('created_at', '>=', start)
      .where('created_at', '<', end)
      .groupBy('feedback_status')
      .execute();
    return new Map(rows.map((r) => [r.feedback_status, n(r.n)]));
  }
}
