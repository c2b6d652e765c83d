/** The operator console's dashboard: today's state of an app and its activity by day. */
import type { Clock } from '../../platform/clock.js';
import { lastLocalDays } from '../../platform/local-days.js';
import { FeedbackStatus } from '../feedback/feedback.model.js';
import type { StatsRepository } from './stats.repository.js';

export const DAILY_DAYS_DEFAULT = 30;
export const DAILY_DAYS_MAX = 90;

export interface Overview {
  usersTotal: number;
  usersToday: number;
  feedbackWaiting: number;
  /** created_at of the oldest waiting feedback, or null when none waits. */
  feedbackOldestWaitingAt: number | null;
  devicesBound: number;
  pushesInFlight: number;
}

export interface DailyRow {
  date: string;
  newUsers: number;
  feedbackCreated: number;
  pushes: number;
  targeted: number;
  sent: number;
  failed: number;
  skipped: number;
}

export interface Daily {
  days: DailyRow[];
  /** Feedback created in those days, by its status now; every status listed, zeros included. */
  feedbackByStatus: { status: number; count: number }[];
}

export class StatsService {
  constructor(
    private readonly stats: StatsRepository,
    private readonly clock: Clock,
    /** APPDESK_TIMEZONE: "today" and each day are calendar days there, as timestamps are. */
    private readonly timezone: string,
  ) {}

  async overview(appId: string): Promise<Overview> {
    const [today] = lastLocalDays(this.timezone, this.clock.now(), 1);
    const c = await this.stats.overview(appId, today!);
    return {
      usersTotal: c.usersTotal,
      usersToday: c.usersInRange,
      feedbackWaiting: c.feedbackWaiting,
      feedbackOldestWaitingAt: c.oldestWaitingAt,
      devicesBound: c.devicesBound,
      pushesInFlight: c.pushesInFlight,
    };
  }

  /** One row per day, oldest first, ending today; days without activity are rows of zeros. */
  async daily(appId: string, dayCount: number): Promise<Daily> {
    const days = lastLocalDays(this.timezone, this.clock.now(), dayCount);
    const [counts, byStatus] = await Promise.all([
      this.stats.perDay(appId, days),
      this.stats.feedbackByStatus(appId, days[0]!.start, days[days.length - 1]!.end),
    ]);
    return {
      days: days.map((d, i) => ({ date: d.date, ...counts[i]! })),
      feedbackByStatus: Object.values(FeedbackStatus).map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
    };
  }
}
