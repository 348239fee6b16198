// Fixed-window rate limits counted in PostgreSQL, so every app instance sees
// the same counts. One statement per key: concurrent requests cannot both
// slip under the limit. Times are UTC, like every timestamp Prisma writes.
import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export type RateLimitRule = { limit: number; windowSeconds: number };
export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };

type Row = { count: number; retry_after: number };

/** Counts one attempt against `key`; refused attempts count too. */
export async function consumeRateLimit(db: PrismaClient, key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const window = `${rule.windowSeconds} seconds`;
  const [row] = await db.$queryRaw<Row[]>`
    INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (${key}, timezone('UTC', now()), 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" <= timezone('UTC', now()) - ${window}::interval THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= timezone('UTC', now()) - ${window}::interval THEN timezone('UTC', now()) ELSE "RateLimit"."windowStart" END
    RETURNING "count",
      ceil(extract(epoch FROM ("windowStart" + ${window}::interval - timezone('UTC', now()))))::int AS retry_after`;
  return toResult(row, rule);
}

/** Reports whether the next attempt against `key` would be allowed, counting nothing. */
export async function peekRateLimit(db: PrismaClient, key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const window = `${rule.windowSeconds} seconds`;
  const [row] = await db.$queryRaw<Row[]>`
    SELECT "count" + 1 AS "count",
      ceil(extract(epoch FROM ("windowStart" + ${window}::interval - timezone('UTC', now()))))::int AS retry_after
    FROM "RateLimit" WHERE "key" = ${key} AND "windowStart" > timezone('UTC', now()) - ${window}::interval`;
  return toResult(row, rule);
}

function toResult(row: Row | undefined, rule: RateLimitRule): RateLimitResult {
  if (!row || row.count <= rule.limit) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: false, retryAfterSeconds: Math.max(1, row.retry_after) };
}
