import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSubscriptions, subscriptionsAsJson, subscriptionsFromJson } from "@/lib/billing/subscription-rows";
import { Prisma } from "@/lib/generated/prisma/client";
import { createMigratedDatabase } from "./helpers/prisma";
import { testDatabaseKind } from "./helpers/test-database";

// The billing state of a signed-in page comes from the subscriptions read in
// the session's statement (lib/auth/session-store.ts); they must be the rows
// Prisma reads, field for field, or the header and the gate would disagree
// with the billing page.
describe(`subscriptions read with the session (${testDatabaseKind})`, () => {
  let setup: Awaited<ReturnType<typeof createMigratedDatabase>>;
  // A server whose own time zone is not UTC must not shift the dates either.
  const serverTimeZone = process.env.TZ;
  beforeAll(async () => {
    process.env.TZ = "Pacific/Auckland";
    setup = await createMigratedDatabase();
  });
  afterAll(async () => {
    if (serverTimeZone === undefined) delete process.env.TZ;
    else process.env.TZ = serverTimeZone;
    await setup.close();
  });

  const withSession = (userId: string, timeZone: string) =>
    setup.db.$transaction(async (tx) => {
      // A database whose session time zone is not UTC must not shift the dates.
      await tx.$executeRawUnsafe(`SET LOCAL TIME ZONE '${timeZone}'`);
      const [row] = await tx.$queryRaw<{ subscriptions: Record<string, unknown>[] }[]>`
        SELECT ${subscriptionsAsJson(Prisma.sql`${userId}`)} AS "subscriptions"`;
      return subscriptionsFromJson(row!.subscriptions);
    });

  it("are Prisma's rows, with every field, type and the newest change first", async () => {
    const user = await setup.db.user.create({ data: { email: "rows@example.com" } });
    const common = { userId: user.id, priceId: "price_pro_month", interval: "month" as const };
    await setup.db.subscription.create({
      data: {
        ...common,
        id: "sub_old",
        status: "canceled",
        planId: "starter",
        currentPeriodEnd: new Date("2026-10-01T10:11:12.345Z"),
        updatedAt: new Date("2026-10-01T10:11:12.345Z"),
      },
    });
    await setup.db.subscription.create({
      data: {
        ...common,
        id: "sub_new",
        status: "past_due",
        planId: "pro",
        currentPeriodEnd: new Date("2026-12-31T23:59:59.999Z"),
        cancelAtPeriodEnd: true,
        trialEnd: new Date("2026-11-15T00:00:00.001Z"),
        pastDueSince: new Date("2026-12-01T06:30:00.500Z"),
        scheduledPlanId: "starter",
        scheduledInterval: "year",
        scheduledChangeAt: new Date("2027-01-01T00:00:00.000Z"),
        cardBrand: "visa",
        cardLast4: "4242",
        cardExpMonth: 12,
        cardExpYear: 2030,
        updatedAt: new Date("2026-12-01T06:30:00.500Z"),
      },
    });

    const prismaRows = await readSubscriptions(setup.db, user.id);
    expect(prismaRows.map((row) => row.id)).toEqual(["sub_new", "sub_old"]);
    for (const timeZone of ["UTC", "Asia/Kolkata", "America/Los_Angeles"]) {
      expect(await withSession(user.id, timeZone)).toEqual(prismaRows);
    }
  });

  it("come in the same order when one sync wrote them in the same millisecond", async () => {
    const user = await setup.db.user.create({ data: { email: "same-ms@example.com" } });
    const updatedAt = new Date("2026-12-01T06:30:00.500Z");
    for (const id of ["sub_b", "sub_c", "sub_a"]) {
      await setup.db.subscription.create({
        data: {
          id,
          userId: user.id,
          priceId: "price_pro_month",
          interval: "month",
          status: "active",
          planId: "pro",
          currentPeriodEnd: updatedAt,
          updatedAt,
        },
      });
    }
    const order = (rows: { id: string }[]) => rows.map((row) => row.id);
    expect(order(await readSubscriptions(setup.db, user.id))).toEqual(["sub_a", "sub_b", "sub_c"]);
    expect(order(await withSession(user.id, "UTC"))).toEqual(["sub_a", "sub_b", "sub_c"]);
  });

  it("are an empty list for a user without subscriptions", async () => {
    const user = await setup.db.user.create({ data: { email: "none@example.com" } });
    expect(await withSession(user.id, "UTC")).toEqual([]);
  });
});
