import { RateLimiterPrisma } from "rate-limiter-flexible";
import type { PrismaClient } from "../generated/prisma/client.js";

export interface AtomicRateLimiterOptions {
  readonly prisma: PrismaClient;
  readonly keyPrefix: string;
  readonly points: number;
  /** Seconds. */
  readonly duration: number;
}

/** A counter row as the limiter reads it back; `expire` in epoch milliseconds. */
interface CounterRow {
  readonly points: number;
  readonly expire: number | null;
}

/**
 * RateLimiterPrisma counting in one statement on the RateLimitCounter table rather than two
 * (delete the key's ended window, then upsert): every question is counted by two limiters, so
 * that is two statements fewer per answer, and the count is atomic besides. `_upsert` is the
 * store method rate-limiter-flexible has a store implement; the rest (reading the count,
 * refusing, `reward`) is the library's own.
 */
export class AtomicRateLimiter extends RateLimiterPrisma {
  readonly #prisma: PrismaClient;

  constructor(options: AtomicRateLimiterOptions) {
    super({
      storeClient: options.prisma,
      // The Prisma client's accessor for the RateLimitCounter model (the library's reads and deletes).
      tableName: "rateLimitCounter",
      keyPrefix: options.keyPrefix,
      points: options.points,
      duration: options.duration,
      // Its own 5-minute timer would outlive the core's database; pruneExpired runs on the core's sweep.
      clearExpiredByTimeout: false,
    });
    this.#prisma = options.prisma;
  }

  /**
   * Adds `points` to the key's window, or starts a new window of `msDuration` when there is none
   * or it has ended (`forceExpire`: starts one whatever there was). Times are the system clock's,
   * as the library's; the column holds UTC without a zone, as Prisma writes it.
   */
  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<CounterRow> {
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration).toISOString() : null;
    const rows = await this.#prisma.$queryRaw<CounterRow[]>`
      INSERT INTO "RateLimitCounter" (key, points, expire)
      VALUES (${key}, ${points}, ${expire}::timestamp(3))
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN ${forceExpire} OR "RateLimitCounter".expire <= ${now.toISOString()}::timestamp(3)
          THEN EXCLUDED.points ELSE "RateLimitCounter".points + EXCLUDED.points END,
        expire = CASE WHEN ${forceExpire} OR "RateLimitCounter".expire <= ${now.toISOString()}::timestamp(3)
          THEN EXCLUDED.expire ELSE "RateLimitCounter".expire END
      RETURNING points, (extract(epoch FROM expire) * 1000)::float8 AS expire`;
    const row = rows[0];
    if (!row) throw new Error(`counting rate-limit key ${key} returned no row`);
    return row;
  }
}
