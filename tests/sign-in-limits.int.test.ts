import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { consumeSignInEmail, peekSignInEmail, SIGN_IN_EMAIL_RULES } from "@/lib/auth/sign-in-limits";
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

  const attempts = async (count: number, requester: (attempt: number) => { email: string; ip: string | null }) => {
    const allowed: boolean[] = [];
    for (let attempt = 0; attempt < count; attempt++) {
      allowed.push((await consumeSignInEmail(db, requester(attempt))).allowed);
    }
    return allowed;
  };

  it("allows 5 emails per address from one network in 10 minutes, then says when to retry", async () => {
    expect(await attempts(6, () => ({ email: "dana@example.com", ip: "10.0.0.1" }))).toEqual([
      ...Array(5).fill(true),
      false,
    ]);
    const refused = await consumeSignInEmail(db, { email: "DANA@example.com", ip: "10.0.0.1" });
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(590);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_EMAIL_RULES.addressFromNetwork.windowSeconds);
  });

  it("a stranger exhausting an address from their network does not lock its owner out", async () => {
    await attempts(8, () => ({ email: "owner@example.com", ip: "192.0.2.66" }));
    expect((await consumeSignInEmail(db, { email: "owner@example.com", ip: "198.51.100.7" })).allowed).toBe(true);
  });

  it("caps one inbox at 20 emails an hour, from however many networks", async () => {
    const allowed = await attempts(25, (attempt) => ({ email: "inbox@example.com", ip: `10.1.0.${attempt}` }));
    expect(allowed.filter(Boolean)).toHaveLength(SIGN_IN_EMAIL_RULES.address.limit);
  });

  it("limits one network to 20 emails across addresses in 10 minutes", async () => {
    const allowed = await attempts(22, (attempt) => ({ email: `user${attempt}@example.com`, ip: "203.0.113.9" }));
    expect(allowed.filter(Boolean)).toHaveLength(SIGN_IN_EMAIL_RULES.network.limit);
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
      expect(allowed).toBe(SIGN_IN_EMAIL_RULES.addressFromNetwork.limit);
    } finally {
      await secondInstance.$disconnect();
    }
  });
});
