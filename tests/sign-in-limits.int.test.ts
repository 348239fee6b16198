import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { consumeSignInEmail, peekSignInEmail, SIGN_IN_EMAIL_LIMIT } from "@/lib/auth/sign-in-limits";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createMigratedDatabase } from "./helpers/prisma";
import { testDatabaseKind } from "./helpers/test-database";

describe(`sign-in email rate limit (${testDatabaseKind})`, () => {
  let setup: Awaited<ReturnType<typeof createMigratedDatabase>>;
  let db: PrismaClient;
  beforeAll(async () => {
    setup = await createMigratedDatabase();
    db = setup.db;
  });
  afterAll(() => setup.close());
  beforeEach(() => db.rateLimit.deleteMany());

  it("allows 5 emails per address in 10 minutes, then says when to retry", async () => {
    const results = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      results.push(await consumeSignInEmail(db, { email: "dana@example.com", ip: `10.0.0.${attempt}` }));
    }
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(results[5]!.retryAfterSeconds).toBeGreaterThan(590);
    expect(results[5]!.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_EMAIL_LIMIT.windowSeconds);
  });

  it("counts the address case-insensitively and limits one IP across addresses", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await consumeSignInEmail(db, { email: `user${attempt}@example.com`, ip: "203.0.113.9" })).allowed).toBe(
        true,
      );
    }
    expect((await consumeSignInEmail(db, { email: "fresh@example.com", ip: "203.0.113.9" })).allowed).toBe(false);
    expect((await peekSignInEmail(db, { email: "USER0@example.com", ip: null })).allowed).toBe(true);
  });

  it("peeking counts nothing", async () => {
    for (let attempt = 0; attempt < 10; attempt++)
      await peekSignInEmail(db, { email: "eve@example.com", ip: "198.51.100.1" });
    expect((await consumeSignInEmail(db, { email: "eve@example.com", ip: "198.51.100.1" })).allowed).toBe(true);
  });

  it("opens again once the window has passed", async () => {
    for (let attempt = 0; attempt < 6; attempt++) await consumeSignInEmail(db, { email: "finn@example.com", ip: null });
    expect((await peekSignInEmail(db, { email: "finn@example.com", ip: null })).allowed).toBe(false);
    await db.$executeRaw`UPDATE "RateLimit" SET "windowStart" = timezone('UTC', now()) - interval '11 minutes'`;
    expect((await consumeSignInEmail(db, { email: "finn@example.com", ip: null })).allowed).toBe(true);
  });

  it("holds across two app instances sharing the database, even when they race", async () => {
    const secondInstance = createPrismaClient(setup.database.url);
    try {
      const attempts = Array.from({ length: 12 }, (_, index) =>
        consumeSignInEmail(index % 2 === 0 ? db : secondInstance, { email: "gina@example.com", ip: null }),
      );
      const allowed = (await Promise.all(attempts)).filter((result) => result.allowed).length;
      expect(allowed).toBe(SIGN_IN_EMAIL_LIMIT.limit);
    } finally {
      await secondInstance.$disconnect();
    }
  });
});
