/**
 * Rate-limit events in Redis sorted sets (score = time), shared by every instance using
 * the same Redis. A Lua script checks and records all buckets of a reservation atomically.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitStore, Reservation, WindowLimit } from './rate-limit-store.js';

const RESERVE = `
local now = tonumber(ARGV[1])
local member = ARGV[2]
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[1 + i * 2])
  local window = tonumber(ARGV[2 + i * 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= limit then return 0 end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, tonumber(ARGV[2 + i * 2]))
end
return 1
`;

export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(bucket: string): string {
    return `${this.prefix}rl:${bucket}`;
  }

  async reserve(limits: WindowLimit[], now: number): Promise<Reservation | null> {
    const member = `${now}:${randomUUID()}`;
    const args: (string | number)[] = [now, member];
    for (const l of limits) args.push(l.limit, l.windowMs);
    const ok = await this.redis.eval(RESERVE, limits.length, ...limits.map((l) => this.key(l.bucket)), ...args);
    if (Number(ok) !== 1) return null;
    return { entries: limits.map((l) => ({ bucket: l.bucket, id: member })) };
  }

  async release(reservation: Reservation): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const e of reservation.entries) pipeline.zrem(this.key(e.bucket), e.id);
    await pipeline.exec();
  }

  async count(bucket: string, windowMs: number, now: number): Promise<number> {
    return this.redis.zcount(this.key(bucket), `(${now - windowMs}`, '+inf');
  }
}
