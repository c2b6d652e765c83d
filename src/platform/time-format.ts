/**
 * Timestamps go out as "YYYY-MM-DD HH:mm:ss" in APPDESK_TIMEZONE and come in (send_at) the
 * same way. Zone rules come from luxon; formatting itself avoids luxon on the hot path by
 * caching the zone's offset per quarter hour (no zone changes offset off a 15-minute mark).
 */
import { DateTime, IANAZone } from 'luxon';

const QUARTER_HOUR = 15 * 60 * 1000;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export class TimeFormatter {
  private readonly zone: IANAZone | null;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timezone: string) {
    this.zone = timezone === 'UTC' ? null : IANAZone.create(timezone);
  }

  private offsetMs(ms: number): number {
    if (!this.zone) return 0;
    const bucket = Math.floor(ms / QUARTER_HOUR);
    let off = this.offsets.get(bucket);
    if (off === undefined) {
      if (this.offsets.size > 10000) this.offsets.clear();
      off = this.zone.offset(ms) * 60000;
      this.offsets.set(bucket, off);
    }
    return off;
  }

  /** The last second formatted: a busy server formats the same second many times. */
  private lastSecond = NaN;
  private lastText = '';

  format(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second === this.lastSecond) return this.lastText;
    const iso = new Date(ms + this.offsetMs(ms)).toISOString();
    this.lastText = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
    this.lastSecond = second;
    return this.lastText;
  }

  formatNullable(ms: number | null): string {
    return ms === null ? '' : this.format(ms);
  }

  /** Parses a local "YYYY-MM-DD HH:mm:ss"; null when malformed or not a real time in the zone. */
  parse(text: string): number | null {
    const m = TIMESTAMP_RE.exec(text);
    if (!m) return null;
    const dt = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: this.timezone });
    if (!dt.isValid) return null;
    // luxon shifts wall times that fall in a DST gap; refuse them instead of guessing.
    if (dt.toFormat('yyyy-MM-dd HH:mm:ss') !== text) return null;
    return dt.toMillis();
  }
}

/** Today's date ("YYYY-MM-DD") in the zone, for birthday checks. */
export function todayIn(formatter: TimeFormatter, nowMs: number): string {
  return formatter.format(nowMs).slice(0, 10);
}
